using System.Net;
using Amazon;
using Amazon.Runtime;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Aws;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.SageMaker;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Aws;

/// <summary>The AWS collector, adapters and plan reader with the real SDK against the loopback fake.</summary>
public sealed class AwsCollectorFakeTests
{
    private const string Model = "private-registry-model";
    private const string Password = "fake-registry-password-1";
    private static readonly FactNeeds All = FactNeeds.Ec2 | FactNeeds.Iam | FactNeeds.Lambda | FactNeeds.LambdaInvoke | FactNeeds.Sts;

    internal static AwsCollection Connect(AwsFakeServer server, TimeSpan? timeout = null) =>
        new(new AwsSession(
            RegionEndpoint.GetBySystemName(server.Scenario.Region),
            new BasicAWSCredentials("AKIDFAKEPREFLIGHT001", "fake-secret-key-never-sent"),
            new AwsAccessOptions(Timeout: timeout ?? TimeSpan.FromSeconds(10)),
            _ => server.Endpoint.ToString().TrimEnd('/')));

    internal static async Task<(FactsSnapshot Facts, LambdaCredentialSource Credentials, AwsCollection Aws)> CollectAsync(
        AwsFakeServer server, FactNeeds needs, bool invoke = true, TimeSpan? timeout = null)
    {
        var aws = Connect(server, timeout);
        var plan = await new SageMakerPlanReader(aws.SageMaker).ReadModelAsync(Model, CancellationToken.None);
        var (collector, credentials) = aws.ForPlan(plan, new AwsCollectionOptions(needs, invoke));
        var registry = new RegistryFacts("127.20.0.7", 5000,
            new RegistryResolution(CollectionStatus.Ok, AddressSource.Literal, [new ResolvedAddress("127.20.0.7", true)]),
            new RegistryApiProbe(CollectionStatus.Ok, "https", 200, null, null, null), []);
        var facts = FactsSnapshot.ForPlan(plan, DateTimeOffset.UnixEpoch) with { Registries = [registry] };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return (await collector.CollectIntoAsync(facts, new CollectorContext(), cts.Token), credentials, aws);
    }

    private static Scenario Healthy(params FaultSpec[] faults)
    {
        var scenario = Scenario.Load("healthy");
        scenario.Faults.AddRange(faults);
        return scenario;
    }

    [Fact]
    public async Task Collect_WhenHealthyScenario_FillsEverySection()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        var (facts, _, aws) = await CollectAsync(server, All);
        using var _ = aws;
        var a = facts.Aws!;
        var n = a.Network;

        Assert.Equal(CollectionStatus.Ok, facts.Collectors.Single(c => c.Name == "aws").Status);
        Assert.Equal("123456789012", a.Caller!.Account);
        Assert.Equal(["us-east-1a", "us-east-1b"], n.Subnets.Where(s => s.Id.StartsWith("subnet-0a1", StringComparison.Ordinal) || s.Id.StartsWith("subnet-0a2", StringComparison.Ordinal)).Select(s => s.AvailabilityZone!).Order());
        Assert.All(n.Subnets, s => Assert.Equal(CollectionStatus.Ok, s.Status.Status));
        Assert.Contains(n.Subnets, s => s.Id == "subnet-0a3000000000000a3");
        var vpc = Assert.Single(n.Vpcs);
        Assert.Equal(["127.20.0.0/16"], vpc.CidrBlocks!);
        Assert.True(vpc.EnableDnsSupport!.Enabled);
        Assert.True(vpc.EnableDnsHostnames!.Enabled);
        Assert.Equal(["AmazonProvidedDNS"], vpc.DhcpOptions!.DomainNameServers!);
        Assert.Equal(["sg-0a1000000000000b1", "sg-0a1000000000000b2", "sg-0a1000000000000b3"], n.SecurityGroups.Select(g => g.Id).Order());
        var registryIngress = n.SecurityGroups.Single(g => g.Id == "sg-0a1000000000000b2").Ingress!;
        Assert.Contains(registryIngress, p => p.FromPort == 5000 && p.Groups.Any(g => g.GroupId == "sg-0a1000000000000b1"));
        Assert.Equal(["127.40.0.0/16", "127.41.0.0/16", "127.42.0.0/15"], n.PrefixLists.Single(p => p.Id == "pl-63a5400a").Cidrs!);
        Assert.Equal(7, n.PrefixLists.Single(p => p.Id == "pl-0a1000000000000e1").Cidrs!.Count);
        Assert.Contains(n.RouteTables.Items, t => t.IsMain && t.Id == "rtb-0a1000000000000f1");
        Assert.Contains(n.RouteTables.Items.SelectMany(t => t.Routes), r => r.TargetKind == RouteTargetKind.NatGateway);
        Assert.Contains(n.RouteTables.Items.SelectMany(t => t.Routes), r => r.TargetKind == RouteTargetKind.PeeringConnection);
        Assert.Contains(n.NetworkAcls.Items, acl => acl.Entries.Any(e => e.RuleNumber == 32767 && !e.Allow));
        Assert.Equal(["Gateway", "Interface"], n.VpcEndpoints.Items.Select(e => e.EndpointType).Order());
        Assert.True(n.VpcEndpoints.Items.Single(e => e.ServiceName.EndsWith(".lambda", StringComparison.Ordinal)).PrivateDnsEnabled);
        Assert.Single(n.NatGateways.Items);
        Assert.Single(n.InternetGateways.Items);
        Assert.Equal("127.30.0.0/16", Assert.Single(n.PeeringConnections.Items).AccepterCidrBlocks.Single());
        var registry = Assert.Single(a.RegistryAddresses);
        Assert.Equal("eni-0a1000000000000c1", Assert.Single(registry.Interfaces).Id);
        Assert.Equal(["sg-0a1000000000000b2"], registry.Interfaces[0].SecurityGroupIds);

        var function = Assert.Single(a.Functions);
        Assert.Equal(CollectionStatus.Ok, function.Status.Status);
        Assert.Equal(10, function.TimeoutSeconds);
        Assert.Equal(new LambdaEnvironmentVariable("SECRET_ARN", EnvValueKind.Reference), Assert.Single(function.Environment!));
        Assert.Contains(function.Policy!.Statements, s => s.Principals.Contains("arn:aws:iam::123456789012:role/service-role/SageMakerExecution"));
        var invocation = Assert.Single(a.Invocations);
        Assert.True(invocation.Shape!.HasCredentialsObject && invocation.Shape.UsernameIsNonEmptyString && invocation.Shape.PasswordIsNonEmptyString);
        Assert.Empty(invocation.Shape.Mistakes);

        var role = Assert.Single(a.Roles);
        Assert.Contains(role.TrustStatements!, s => s.Principals.Contains("sagemaker.amazonaws.com"));
        Assert.Contains(role.Policies!, p => p.Name == "AmazonSageMakerFullAccess" && p.Kind == IamPolicyKind.Managed && p.Statements!.Count == 3);
        Assert.Contains(role.Policies!, p => p.Name == "invoke-registry-credentials" && p.Kind == IamPolicyKind.Inline);
        var invoke = a.Simulations.Single(s => s.Purpose == IamSimulationPurpose.RoleInvokeProvider);
        Assert.Equal("allowed", invoke.Decision);
        Assert.Contains(invoke.MatchedStatements!, m => m.SourcePolicyId.Contains("invoke-registry-credentials", StringComparison.Ordinal));
        Assert.Equal(10, a.Simulations.Count(s => s.Purpose == IamSimulationPurpose.RoleVpcAccess && s.Decision == "allowed"));
        var passRole = a.Simulations.Single(s => s.Purpose == IamSimulationPurpose.DeployerPassRole);
        Assert.Equal(("arn:aws:iam::123456789012:user/deployer", "allowed"), (passRole.PrincipalArn, passRole.Decision));
        Assert.Equal(["iam:PassedToService=sagemaker.amazonaws.com"], passRole.ContextEntries!);
    }

    [Fact]
    public async Task Collect_WhenHealthy_RequestsNothingTwiceForTheSameResource()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        var (_, _, aws) = await CollectAsync(server, All);
        using var _ = aws;

        var calls = server.Calls.ToArray();
        var repeated = calls.GroupBy(c => c.Service + ":" + c.Operation + "?" + string.Join("&", c.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)))
            .Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.Empty(repeated);
        Assert.Equal(1, server.CallCount("lambda", "Invoke"));
        Assert.Equal(2, server.CallCount("ec2", "DescribeSecurityGroups"));
        // The registry's interfaces by address, and the Lambda endpoint's interfaces by id: one call each.
        Assert.Equal(2, server.CallCount("ec2", "DescribeNetworkInterfaces"));
        Assert.Equal(1, server.CallCount("ec2", "DescribeVpcs"));
    }

    [Fact]
    public async Task Collect_WhenHealthy_NeverStoresTheLambdaPasswordButHandsItToTheRegistryCheck()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        var (facts, credentials, aws) = await CollectAsync(server, All);
        using var _ = aws;

        var json = FactsJson.Serialize(facts);
        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-secret-key-never-sent", json, StringComparison.Ordinal);
        var container = facts.Plan.Models.Single().Containers.Single();
        var credential = await credentials.GetAsync(Model, container.Name, CancellationToken.None);
        Assert.NotNull(credential);
        Assert.True(credential.Contains(Password));
        Assert.DoesNotContain(Password, credential.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, server.CallCount("lambda", "Invoke"));
    }

    [Theory]
    [InlineData("ec2", "DescribeSubnets", "ec2:DescribeSubnets")]
    [InlineData("ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups")]
    [InlineData("ec2", "DescribeRouteTables", "ec2:DescribeRouteTables")]
    [InlineData("ec2", "DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces")]
    [InlineData("lambda", "GetFunction", "lambda:GetFunction")]
    [InlineData("lambda", "Invoke", "lambda:InvokeFunction")]
    [InlineData("iam", "GetRole", "iam:GetRole")]
    [InlineData("iam", "SimulatePrincipalPolicy", "iam:SimulatePrincipalPolicy")]
    [InlineData("sts", "GetCallerIdentity", "sts:GetCallerIdentity")]
    public async Task Collect_WhenACallIsDenied_RecordsAccessDeniedWithTheAction(string service, string operation, string action)
    {
        await using var server = await AwsFakeServer.StartAsync(Healthy(new FaultSpec { Service = service, Operation = operation, Kind = "accessDenied" }));
        var (facts, _, aws) = await CollectAsync(server, All);
        using var _ = aws;

        var statuses = AwsCollector.Statuses(facts.Aws!).Where(s => s.Status == CollectionStatus.AccessDenied).ToArray();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(action, s.Action));
        var run = facts.Collectors.Single(c => c.Name == "aws");
        Assert.Equal((CollectionStatus.AccessDenied, action), (run.Status, run.MissingAction));
    }

    [Fact]
    public async Task Collect_WhenThrottledTwice_RetriesAndSucceeds()
    {
        await using var server = await AwsFakeServer.StartAsync(Healthy(
            new FaultSpec { Service = "ec2", Operation = "DescribeSubnets", Kind = "throttle", Times = 2 },
            new FaultSpec { Service = "iam", Operation = "GetRole", Kind = "throttle", Times = 2 }));
        var (facts, _, aws) = await CollectAsync(server, All);
        using var _ = aws;

        Assert.All(facts.Aws!.Network.Subnets, s => Assert.Equal(CollectionStatus.Ok, s.Status.Status));
        Assert.Equal(CollectionStatus.Ok, facts.Aws.Roles.Single().Status.Status);
        // Three attempts for the model subnets, then one call for the registry interface's subnet.
        Assert.Equal(4, server.CallCount("ec2", "DescribeSubnets"));
        Assert.Equal(3, server.CallCount("iam", "GetRole"));
    }

    [Theory]
    [InlineData("ec2", "DescribeVpcs", "ec2:DescribeVpcs", "InternalError")]
    [InlineData("lambda", "GetFunction", "lambda:GetFunction", "ServiceException")]
    public async Task Collect_WhenTheServiceAnswers500_ReportsUnreachableWithTheMessage(string service, string operation, string action, string code)
    {
        await using var server = await AwsFakeServer.StartAsync(Healthy(new FaultSpec { Service = service, Operation = operation, Kind = "serverError" }));
        var (facts, _, aws) = await CollectAsync(server, All);
        using var _ = aws;

        var failed = AwsCollector.Statuses(facts.Aws!).Where(s => s.Action == action).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, s => Assert.Equal(CollectionStatus.Unreachable, s.Status));
        Assert.All(failed, s => Assert.Contains(code, s.Message, StringComparison.Ordinal));
        Assert.All(failed, s => Assert.Equal((500, 1), (s.HttpStatus, s.Message!.Split("500").Length - 1)));
    }

    [Fact]
    public async Task Collect_WhenTheTokenExpired_ThrowsAOneLineInputError()
    {
        await using var server = await AwsFakeServer.StartAsync(Healthy(new FaultSpec { Service = "ec2", Operation = "*", Kind = "expiredToken" }));
        var error = await Assert.ThrowsAsync<InputException>(() => CollectAsync(server, FactNeeds.Ec2));

        Assert.Contains("RequestExpired", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.OneLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_WhenNoInvoke_SkipsTheInvocation()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        var (facts, _, aws) = await CollectAsync(server, All, invoke: false);
        using var _ = aws;

        Assert.Equal(CollectionStatus.Skipped, Assert.Single(facts.Aws!.Invocations).Status.Status);
        Assert.Equal(0, server.CallCount("lambda", "Invoke"));
    }

    [Fact]
    public async Task Collect_WhenOnlyEc2IsNeeded_CallsNoOtherService()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        var (facts, _, aws) = await CollectAsync(server, FactNeeds.Ec2);
        using var _ = aws;

        Assert.NotEmpty(facts.Aws!.Network.Subnets);
        Assert.Empty(facts.Aws.Roles);
        Assert.Equal(["ec2", "sagemaker"], server.Calls.Select(c => c.Service).Distinct().Order());
    }

    [Fact]
    public async Task ReadModel_WhenTheModelDoesNotExist_ThrowsOneLineNamingRegion()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var aws = Connect(server);

        var error = await Assert.ThrowsAsync<InputException>(() => new SageMakerPlanReader(aws.SageMaker).ReadModelAsync("no-such-model", CancellationToken.None));

        Assert.Equal("error: model 'no-such-model' not found in us-east-1", error.OneLine());
    }

    [Fact]
    public async Task ReadEndpoint_WhenInService_BuildsVariantsAndStatus()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var aws = Connect(server);

        var (plan, status) = await new SageMakerPlanReader(aws.SageMaker).ReadEndpointAsync("private-registry-endpoint", CancellationToken.None);

        var model = Assert.Single(plan.Models);
        Assert.Equal((Model, "private-registry-endpoint"), (model.Name, model.Endpoint));
        var variant = Assert.Single(model.Variants);
        Assert.Equal(("AllTraffic", "ml.m5.large", 2), (variant.VariantName, variant.InstanceType!.Value, variant.InitialInstanceCount));
        Assert.Equal(("InService", null), (status.EndpointStatus, status.FailureReason));
        Assert.Equal(["sg-0a1000000000000b1"], model.VpcConfig!.SecurityGroupIds.Select(s => s.Value));
    }

    [Fact]
    public async Task Collect_WhenTheRoleIsInAnotherPartition_SaysSoWithoutCallingIam()
    {
        await using var server = await AwsFakeServer.StartAsync("healthy");
        using var aws = Connect(server);
        var plan = new DeploymentPlan("test", "us-east-1",
            [new ModelPlan("m", null, new Located<string>("arn:aws-cn:iam::123456789012:role/r", null), [], null, false, [])]);
        var (collector, _) = aws.ForPlan(plan, new AwsCollectionOptions(FactNeeds.Iam, Invoke: false, DeployerArn: "arn:aws:iam::123456789012:user/deployer"));

        var facts = await collector.CollectIntoAsync(FactsSnapshot.ForPlan(plan, DateTimeOffset.UnixEpoch), new CollectorContext(), CancellationToken.None);

        var role = Assert.Single(facts.Aws!.Roles);
        Assert.Equal(CollectionStatus.Invalid, role.Status.Status);
        Assert.Contains("partition 'aws-cn'", role.Status.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.CallCount("iam", "GetRole"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Collect_WhenTheDeployerMayCreateOnlySomeOf150Models_BatchesTheSimulationAndJudgesEachModel(bool legacyResultShape)
    {
        var scenario = Scenario.Load("healthy");
        scenario.LegacySimulationResults = legacyResultShape;
        scenario.Users.Add(new PrincipalSpec
        {
            Name = "team-a-deployer",
            InlinePolicies = new()
            {
                ["team-a"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:CreateModel","Resource":"arn:aws:sagemaker:us-east-1:123456789012:model/team-a-*"}]}""",
            },
        });
        await using var server = await AwsFakeServer.StartAsync(scenario);
        using var aws = Connect(server);
        var role = new Located<string>("arn:aws:iam::123456789012:role/service-role/SageMakerExecution", null);
        var plan = new DeploymentPlan("test", "us-east-1", [.. Enumerable.Range(0, 150)
            .Select(i => new ModelPlan(i % 3 == 0 ? $"Team-B-{i:D3}" : $"team-a-{i:D3}", null, role, [], null, false, []))]);
        var (collector, _) = aws.ForPlan(plan, new AwsCollectionOptions(FactNeeds.Iam, Invoke: false, DeployerArn: "arn:aws:iam::123456789012:user/team-a-deployer"));

        var facts = await collector.CollectIntoAsync(FactsSnapshot.ForPlan(plan, DateTimeOffset.UnixEpoch), new CollectorContext(), CancellationToken.None);

        var create = facts.Aws!.Simulations.Where(s => s.Purpose == IamSimulationPurpose.DeployerCreateModel).ToArray();
        Assert.Equal(150, create.Length);
        Assert.All(create, s => Assert.Equal(CollectionStatus.Ok, s.Status.Status));
        Assert.All(create, s => Assert.Equal(s.Resource.Contains(":model/team-a-", StringComparison.Ordinal) ? "allowed" : "implicitDeny", s.Decision));
        Assert.Equal(50, create.Count(s => s.Decision == "implicitDeny"));
        Assert.Equal(1, server.Calls.Count(c => c.Operation == "SimulatePrincipalPolicy" && c.Parameters.GetValueOrDefault("ActionNames.member.1") == "iam:PassRole"));
        Assert.Equal(2, server.Calls.Count(c => c.Operation == "SimulatePrincipalPolicy" && c.Parameters.GetValueOrDefault("ActionNames.member.1") == "sagemaker:CreateModel"));
    }
}
