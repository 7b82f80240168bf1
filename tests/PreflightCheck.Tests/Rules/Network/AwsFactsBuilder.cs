using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Rules.Network;

/// <summary>
/// A hand-built account in which a private-registry model deploys cleanly: every AWS rule passes on it, and each test
/// bends one fact to make one rule fail, go unknown or stop applying.
/// </summary>
internal static class AwsFactsBuilder
{
    public const string Account = "123456789012";
    public const string VpcId = "vpc-0abc1234def567890";
    public const string Subnet0 = "subnet-0123456789abcdef0";
    public const string Subnet1 = "subnet-0123456789abcdef1";
    public const string RegistrySubnet = "subnet-0aaaaaaaaaaaaaaa5";
    public const string ModelSg = "sg-0123456789abcdef0";
    public const string RegistrySg = "sg-0fedcba9876543210";
    public const string LambdaSg = "sg-0aaaabbbbccccdddd";
    public const string RegistryAddress = "10.0.5.20";
    public const string Host = "registry.example.com";
    public const string Role = "arn:aws:iam::123456789012:role/SageMakerExecutionRole";
    public const string Provider = "arn:aws:lambda:us-east-1:123456789012:function:creds";
    public const string Caller = "arn:aws:iam::123456789012:role/ci-deployer";

    public static readonly SourceLocation ImageLocation = At(4, 14);

    public static ModelPlan Model(string? provider = Provider, string? modelData = "s3://models/model.tar.gz", string image = "registry.example.com/team/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") =>
        PlanBuilder.Model(
            containers: [Container(image: image, provider: provider) with { ModelDataUrl = modelData is null ? null : L(modelData, 10) }],
            variants: [new VariantPlan("AllTraffic", "vpc-model", L("ml.m5.large", 20), 2, At(19))]);

    public static SecurityGroupPermission Tcp(int port, params string[] cidrs) => new("tcp", port, port, cidrs.Where(c => !c.Contains(':', StringComparison.Ordinal)).ToArray(), cidrs.Where(c => c.Contains(':', StringComparison.Ordinal)).ToArray(), [], []);

    public static SecurityGroupPermission TcpFromGroup(int port, string group) => new("tcp", port, port, [], [], [new SecurityGroupReference(group, Account, VpcId)], []);

    public static SecurityGroupPermission AllTraffic(params string[] cidrs) => new("-1", null, null, cidrs.Where(c => !c.Contains(':', StringComparison.Ordinal)).ToArray(), cidrs.Where(c => c.Contains(':', StringComparison.Ordinal)).ToArray(), [], []);

    public static NetworkAclEntryFacts Acl(int number, bool egress, string protocol, string cidr, bool allow, int? from = null, int? to = null) =>
        new(number, egress, protocol, from, to, cidr, null, allow);

    public static readonly NetworkAclEntryFacts[] AllowAll =
    [
        Acl(100, false, "-1", "0.0.0.0/0", true), Acl(32767, false, "-1", "0.0.0.0/0", false),
        Acl(100, true, "-1", "0.0.0.0/0", true), Acl(32767, true, "-1", "0.0.0.0/0", false),
    ];

    public static RouteFacts Route(string cidr, RouteTargetKind kind, string target, string state = "active") => new(cidr, null, null, kind, target, state);

    public static readonly RouteTableFacts MainTable = new("rtb-0main", VpcId, true, [],
        [Route("10.0.0.0/16", RouteTargetKind.Local, "local"), Route("0.0.0.0/0", RouteTargetKind.NatGateway, "nat-0123456789abcdef0")]);

    public static VpcEndpointFacts LambdaEndpoint => new("vpce-0lambda", VpcId, "com.amazonaws.us-east-1.lambda", "Interface", "available", true,
        [Subnet0, Subnet1], [LambdaSg], [], null);

    public static VpcEndpointFacts S3Endpoint => new("vpce-0s3", VpcId, "com.amazonaws.us-east-1.s3", "Gateway", "available", false, [], [], ["rtb-0main"], null);

    public static PolicyStatementFacts Statement(string effect, string[] actions, string[] resources, string[]? principals = null, string? sid = null, string? condition = null) =>
        new(sid, effect, principals ?? [], actions, [], resources, condition);

    public static AwsFacts Good() => new AwsFacts("us-east-1")
    {
        Caller = new CallerIdentityFacts(AwsStatus.Ok, Account, Caller),
        Network = new AwsNetworkFacts
        {
            Subnets =
            [
                new SubnetFacts(Subnet0, AwsStatus.Ok, VpcId, "us-east-1a", "use1-az1", ["10.0.1.0/24"], [], 200),
                new SubnetFacts(Subnet1, AwsStatus.Ok, VpcId, "us-east-1b", "use1-az2", ["10.0.2.0/24"], [], 150),
                new SubnetFacts(RegistrySubnet, AwsStatus.Ok, VpcId, "us-east-1a", "use1-az1", ["10.0.5.0/24"], [], 100),
            ],
            Vpcs =
            [
                new VpcFacts(VpcId, AwsStatus.Ok, ["10.0.0.0/16"], [], Account, new VpcDnsAttribute(AwsStatus.Ok, true), new VpcDnsAttribute(AwsStatus.Ok, true),
                    new DhcpOptionsFacts("dopt-0123", AwsStatus.Ok, ["AmazonProvidedDNS"], ["ec2.internal"])),
            ],
            SecurityGroups =
            [
                new SecurityGroupFacts(ModelSg, AwsStatus.Ok, VpcId, "sagemaker-model", Account, [], [AllTraffic("0.0.0.0/0")]),
                new SecurityGroupFacts(RegistrySg, AwsStatus.Ok, VpcId, "registry", Account, [TcpFromGroup(443, ModelSg)], [AllTraffic("0.0.0.0/0")]),
                new SecurityGroupFacts(LambdaSg, AwsStatus.Ok, VpcId, "lambda-endpoint", Account, [Tcp(443, "10.0.0.0/16")], [AllTraffic("0.0.0.0/0")]),
            ],
            RouteTables = new AwsItems<RouteTableFacts>(AwsStatus.Ok, [MainTable]),
            NetworkAcls = new AwsItems<NetworkAclFacts>(AwsStatus.Ok, [new NetworkAclFacts("acl-0default", VpcId, true, [Subnet0, Subnet1, RegistrySubnet], AllowAll)]),
            VpcEndpoints = new AwsItems<VpcEndpointFacts>(AwsStatus.Ok, [LambdaEndpoint, S3Endpoint]),
            NatGateways = new AwsItems<NatGatewayFacts>(AwsStatus.Ok, [new NatGatewayFacts("nat-0123456789abcdef0", VpcId, "subnet-0public", "available", "public")]),
        },
        RegistryAddresses =
        [
            new RegistryNetworkFacts(Host, 443, RegistryAddress, AddressSource.Dns, AwsStatus.Ok,
                [new NetworkInterfaceFacts("eni-0registry", RegistrySubnet, VpcId, "us-east-1a", [RegistrySg], "interface", "registry instance", null, false, "i-0registry", [RegistryAddress])]),
        ],
        Functions =
        [
            new LambdaFunctionFacts(Provider, AwsStatus.Ok, "creds", Provider, "us-east-1", Account, "Active", null, "Successful", 30, "python3.12",
                [new LambdaEnvironmentVariable("REGISTRY_SECRET_ARN", EnvValueKind.Reference), new LambdaEnvironmentVariable("LOG_LEVEL", EnvValueKind.Literal)],
                new LambdaPolicyFacts(AwsStatus.Ok, [])),
        ],
        Invocations =
        [
            new LambdaInvocationFacts(Provider, AwsStatus.Ok, 200, null, null,
                new PayloadShapeFacts(true, "object", ["Credentials"], true, true, true, []), 64, false, 320),
        ],
        Roles =
        [
            new IamRoleFacts(Role, AwsStatus.Ok, "SageMakerExecutionRole", Account, "{}",
                [Statement("Allow", ["sts:AssumeRole"], [], ["sagemaker.amazonaws.com"])],
                AwsStatus.Ok,
                [new IamPolicyFacts("invoke-creds", null, IamPolicyKind.Inline, AwsStatus.Ok, null, "{}",
                    [Statement("Allow", ["lambda:InvokeFunction"], [Provider, Provider + ":*"], sid: "InvokeCreds")])]),
        ],
        Simulations =
        [
            new IamSimulationFacts(Role, IamSimulationPurpose.RoleInvokeProvider, "lambda:InvokeFunction", Provider, AwsStatus.Ok, "allowed", [new IamMatchedStatement("invoke-creds", "IAM Policy")]),
            .. PreflightCheck.Rules.Iam.RoleVpcPermissionsRule.Required.Select(a =>
                new IamSimulationFacts(Role, IamSimulationPurpose.RoleVpcAccess, a, "*", AwsStatus.Ok, "allowed", [new IamMatchedStatement("vpc-access", "IAM Policy")])),
            new IamSimulationFacts(Caller, IamSimulationPurpose.DeployerPassRole, "iam:PassRole", Role, AwsStatus.Ok, "allowed", [new IamMatchedStatement("pass-sagemaker-role", "IAM Policy")], ["iam:PassedToService=sagemaker.amazonaws.com"]),
            new IamSimulationFacts(Caller, IamSimulationPurpose.DeployerCreateModel, "sagemaker:CreateModel", "*", AwsStatus.Ok, "allowed", [new IamMatchedStatement("deploy", "IAM Policy")]),
        ],
    };

    public static FactsSnapshot Snapshot(AwsFacts? aws, ModelPlan? model = null) =>
        Facts(model ?? Model()) with { Aws = aws };

    public static IReadOnlyList<Finding> Run(Rule rule, AwsFacts? aws, ModelPlan? model = null) =>
        rule.Evaluate(new RuleContext(Snapshot(aws, model), RuleSettings.Default)).ToList();

    public static Finding Single(Rule rule, AwsFacts? aws, ModelPlan? model = null) => Assert.Single(Run(rule, aws, model));

    public static Rule RuleById(string id) => BuiltInRules.All.Single(r => r.Id == id);

    public static readonly string[] AwsRuleIds =
    [
        .. Enumerable.Range(1, 12).Select(i => $"PFC-NET-{i:000}"),
        .. Enumerable.Range(1, 10).Select(i => $"PFC-LMB-{i:000}"),
        .. Enumerable.Range(1, 5).Select(i => $"PFC-IAM-{i:000}"),
        "PFC-IMG-004",
    ];

    public static AwsFacts WithNetwork(this AwsFacts aws, Func<AwsNetworkFacts, AwsNetworkFacts> change) => aws with { Network = change(aws.Network) };

    public static AwsFacts WithGroup(this AwsFacts aws, SecurityGroupFacts group) =>
        aws.WithNetwork(n => n with { SecurityGroups = [.. n.SecurityGroups.Where(g => g.Id != group.Id), group] });

    public static AwsFacts WithSubnet(this AwsFacts aws, SubnetFacts subnet) =>
        aws.WithNetwork(n => n with { Subnets = [.. n.Subnets.Where(s => s.Id != subnet.Id), subnet] });

    public static AwsFacts WithRouteTables(this AwsFacts aws, params RouteTableFacts[] tables) =>
        aws.WithNetwork(n => n with { RouteTables = new AwsItems<RouteTableFacts>(AwsStatus.Ok, tables) });

    public static AwsFacts WithAcls(this AwsFacts aws, params NetworkAclFacts[] acls) =>
        aws.WithNetwork(n => n with { NetworkAcls = new AwsItems<NetworkAclFacts>(AwsStatus.Ok, acls) });

    public static AwsFacts WithEndpoints(this AwsFacts aws, params VpcEndpointFacts[] endpoints) =>
        aws.WithNetwork(n => n with { VpcEndpoints = new AwsItems<VpcEndpointFacts>(AwsStatus.Ok, endpoints) });

    public static AwsFacts WithFunction(this AwsFacts aws, Func<LambdaFunctionFacts, LambdaFunctionFacts> change) => aws with { Functions = [change(aws.Functions[0])] };

    public static AwsFacts WithInvocation(this AwsFacts aws, Func<LambdaInvocationFacts, LambdaInvocationFacts> change) => aws with { Invocations = [change(aws.Invocations[0])] };

    public static AwsFacts WithRole(this AwsFacts aws, Func<IamRoleFacts, IamRoleFacts> change) => aws with { Roles = [change(aws.Roles[0])] };

    public static AwsFacts WithSimulation(this AwsFacts aws, IamSimulationPurpose purpose, string action, Func<IamSimulationFacts, IamSimulationFacts> change) =>
        aws with { Simulations = aws.Simulations.Select(s => s.Purpose == purpose && s.Action == action ? change(s) : s).ToArray() };

    public static AwsStatus Denied(string action) => new(CollectionStatus.AccessDenied, "User is not authorized", action);
}
