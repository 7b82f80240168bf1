using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>An AWS account as the fake serves it, read from a YAML scenario file.</summary>
internal sealed class Scenario
{
    public string AccountId { get; set; } = "123456789012";
    public string Region { get; set; } = "us-east-1";
    public string Partition { get; set; } = "aws";
    public CallerSpec Caller { get; set; } = new();
    public int PageSize { get; set; } = 5;
    public bool LegacySimulationResults { get; set; }
    public int LatencyMs { get; set; }
    public List<VpcSpec> Vpcs { get; set; } = [];
    public List<SubnetSpec> Subnets { get; set; } = [];
    public List<SecurityGroupSpec> SecurityGroups { get; set; } = [];
    public List<EniSpec> NetworkInterfaces { get; set; } = [];
    public List<RouteTableSpec> RouteTables { get; set; } = [];
    public List<NetworkAclSpec> NetworkAcls { get; set; } = [];
    public List<VpcEndpointSpec> VpcEndpoints { get; set; } = [];
    public List<DhcpOptionsSpec> DhcpOptions { get; set; } = [];
    public List<NatGatewaySpec> NatGateways { get; set; } = [];
    public List<InternetGatewaySpec> InternetGateways { get; set; } = [];
    public List<PeeringSpec> PeeringConnections { get; set; } = [];
    public List<PrefixListSpec> PrefixLists { get; set; } = [];
    public List<PrincipalSpec> Roles { get; set; } = [];
    public List<PrincipalSpec> Users { get; set; } = [];
    public List<ManagedPolicySpec> ManagedPolicies { get; set; } = [];
    public List<FunctionSpec> Functions { get; set; } = [];
    public List<ModelSpec> Models { get; set; } = [];
    public List<EndpointConfigSpec> EndpointConfigs { get; set; } = [];
    public List<EndpointSpec> Endpoints { get; set; } = [];
    public List<FaultSpec> Faults { get; set; } = [];

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static Scenario Parse(string yaml) => Reader.Deserialize<Scenario>(yaml) ?? new Scenario();

    /// <summary>Loads a scenario copied beside the test assembly (Scenarios/NAME.yml).</summary>
    public static Scenario Load(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Scenarios", name.EndsWith(".yml", StringComparison.Ordinal) ? name : name + ".yml");
        return Parse(File.ReadAllText(file));
    }

    public string RoleArn(PrincipalSpec role) => $"arn:{Partition}:iam::{AccountId}:role{role.Path}{role.Name}";

    public string UserArn(PrincipalSpec user) => $"arn:{Partition}:iam::{AccountId}:user{user.Path}{user.Name}";

    public string FunctionArn(string name) => FunctionArn(name, Functions.FirstOrDefault(f => f.Name == name)?.AccountId);

    public string FunctionArn(string name, string? account) => $"arn:{Partition}:lambda:{Region}:{account ?? AccountId}:function:{name}";

    public string SageMakerArn(string kind, string name) => $"arn:{Partition}:sagemaker:{Region}:{AccountId}:{kind}/{name.ToLowerInvariant()}";
}

internal sealed class CallerSpec
{
    public string? Arn { get; set; }
    public string UserId { get; set; } = "AIDAFAKECALLER000001";
}

internal sealed class VpcSpec
{
    public string Id { get; set; } = "";
    public string Cidr { get; set; } = "";
    public List<string> Ipv6Cidrs { get; set; } = [];
    public bool EnableDnsSupport { get; set; } = true;
    public bool EnableDnsHostnames { get; set; } = true;
    public string? DhcpOptionsId { get; set; }
    public bool IsDefault { get; set; }
}

internal sealed class SubnetSpec
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string Cidr { get; set; } = "";
    public string? Ipv6Cidr { get; set; }
    public string AvailabilityZone { get; set; } = "us-east-1a";
    public int AvailableIps { get; set; } = 250;
    public bool MapPublicIpOnLaunch { get; set; }
}

internal sealed class SecurityGroupSpec
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string Description { get; set; } = "managed by scenario";
    public List<SgRuleSpec> Ingress { get; set; } = [];
    public List<SgRuleSpec> Egress { get; set; } = [];
}

internal sealed class SgRuleSpec
{
    public string Protocol { get; set; } = "-1";
    public int? FromPort { get; set; }
    public int? ToPort { get; set; }
    public List<string> Cidrs { get; set; } = [];
    public List<string> Ipv6Cidrs { get; set; } = [];
    public List<string> Groups { get; set; } = [];
    public List<string> PrefixLists { get; set; } = [];
    public string? Description { get; set; }
}

internal sealed class EniSpec
{
    public string Id { get; set; } = "";
    public string SubnetId { get; set; } = "";
    public string PrivateIp { get; set; } = "";
    public List<string> SecondaryIps { get; set; } = [];
    public List<string> Groups { get; set; } = [];
    public string Description { get; set; } = "";
    public string? RequesterId { get; set; }
    public bool RequesterManaged { get; set; }
    public string InterfaceType { get; set; } = "interface";
    public string? InstanceId { get; set; }
    public string Status { get; set; } = "in-use";
}

internal sealed class RouteTableSpec
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public bool Main { get; set; }
    public List<string> Subnets { get; set; } = [];
    public List<RouteSpec> Routes { get; set; } = [];
}

internal sealed class RouteSpec
{
    public string? Destination { get; set; }
    public string? Ipv6Destination { get; set; }
    public string? PrefixList { get; set; }
    public string Target { get; set; } = "local";
    public string State { get; set; } = "active";
}

internal sealed class NetworkAclSpec
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public bool IsDefault { get; set; }
    public List<string> Subnets { get; set; } = [];
    public List<AclEntrySpec> Entries { get; set; } = [];
}

internal sealed class AclEntrySpec
{
    public int Rule { get; set; }
    public bool Egress { get; set; }
    public string Protocol { get; set; } = "-1";
    public string Action { get; set; } = "allow";
    public string? Cidr { get; set; }
    public string? Ipv6Cidr { get; set; }
    public int? FromPort { get; set; }
    public int? ToPort { get; set; }
}

internal sealed class VpcEndpointSpec
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string ServiceName { get; set; } = "";
    public string Type { get; set; } = "Interface";
    public string State { get; set; } = "available";
    public bool PrivateDnsEnabled { get; set; }
    public List<string> Subnets { get; set; } = [];
    public List<string> Groups { get; set; } = [];
    public List<string> RouteTables { get; set; } = [];
    public List<string> NetworkInterfaces { get; set; } = [];
    public string? Policy { get; set; }
}

internal sealed class DhcpOptionsSpec
{
    public string Id { get; set; } = "";
    public List<string> DomainNameServers { get; set; } = ["AmazonProvidedDNS"];
    public string? DomainName { get; set; }
}

internal sealed class NatGatewaySpec
{
    public string Id { get; set; } = "";
    public string SubnetId { get; set; } = "";
    public string State { get; set; } = "available";
    public string ConnectivityType { get; set; } = "public";
    public string? PrivateIp { get; set; }
    public string? PublicIp { get; set; }
}

internal sealed class InternetGatewaySpec
{
    public string Id { get; set; } = "";
    public string? VpcId { get; set; }
}

internal sealed class PeeringSpec
{
    public string Id { get; set; } = "";
    public string RequesterVpc { get; set; } = "";
    public string RequesterCidr { get; set; } = "";
    public string AccepterVpc { get; set; } = "";
    public string AccepterCidr { get; set; } = "";
    public string? AccepterOwner { get; set; }
    public string Status { get; set; } = "active";
}

internal sealed class PrefixListSpec
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string AddressFamily { get; set; } = "IPv4";
    public List<string> Entries { get; set; } = [];
}

/// <summary>An IAM role or user; policies are JSON documents held as strings, as IAM holds them.</summary>
internal sealed class PrincipalSpec
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "/";
    public string? TrustPolicy { get; set; }
    public List<string> AttachedPolicies { get; set; } = [];
    public Dictionary<string, string> InlinePolicies { get; set; } = [];
}

internal sealed class ManagedPolicySpec
{
    public string Arn { get; set; } = "";
    public string VersionId { get; set; } = "v1";
    public string Document { get; set; } = "";

    public string Name => Arn[(Arn.LastIndexOf('/') + 1)..];

    public bool IsAwsManaged => Arn.Contains(":iam::aws:", StringComparison.Ordinal);
}

internal sealed class FunctionSpec
{
    public string Name { get; set; } = "";

    /// <summary>Set for a function in another account than the scenario's (cross-account credential providers).</summary>
    public string? AccountId { get; set; }
    public string Runtime { get; set; } = "python3.12";
    public string? Role { get; set; }
    public string Handler { get; set; } = "index.handler";
    public int Timeout { get; set; } = 3;
    public int MemorySize { get; set; } = 128;
    public string State { get; set; } = "Active";
    public string? StateReason { get; set; }
    public string LastUpdateStatus { get; set; } = "Successful";
    public Dictionary<string, string> Environment { get; set; } = [];
    public List<string> VpcSubnets { get; set; } = [];
    public List<string> VpcSecurityGroups { get; set; } = [];
    public string? ResourcePolicy { get; set; }
    public InvokeSpec Invoke { get; set; } = new();
}

/// <summary>How Invoke answers. Modes: ok, functionError, delay, large, timeout.</summary>
internal sealed class InvokeSpec
{
    public string Mode { get; set; } = "ok";
    public string Payload { get; set; } = "null";
    public int DelayMs { get; set; }
    public int PayloadBytes { get; set; } = 6 * 1024 * 1024;
    public string? ErrorMessage { get; set; }
}

internal sealed class ModelSpec
{
    public string Name { get; set; } = "";
    public string? ExecutionRole { get; set; }
    public string Image { get; set; } = "";
    public string? ModelDataUrl { get; set; }
    public string RepositoryAccessMode { get; set; } = "Vpc";
    public string? CredentialsProviderArn { get; set; }
    public List<string> Subnets { get; set; } = [];
    public List<string> SecurityGroups { get; set; } = [];
    public bool NetworkIsolation { get; set; }
    public Dictionary<string, string> Environment { get; set; } = [];
}

internal sealed class EndpointConfigSpec
{
    public string Name { get; set; } = "";
    public List<VariantSpec> Variants { get; set; } = [];
}

internal sealed class VariantSpec
{
    public string Name { get; set; } = "AllTraffic";
    public string Model { get; set; } = "";
    public string InstanceType { get; set; } = "ml.m5.large";
    public int Count { get; set; } = 1;

    /// <summary>Set for a Serverless Inference variant: its ServerlessConfig.MemorySizeInMB (no instance type or count then).</summary>
    public int? ServerlessMemory { get; set; }
}

internal sealed class EndpointSpec
{
    public string Name { get; set; } = "";
    public string Config { get; set; } = "";
    public string Status { get; set; } = "InService";
    public string? FailureReason { get; set; }
}

/// <summary>
/// A fault on calls to Service/Operation ("*" for any). Kinds: accessDenied, throttle, serverError, expiredToken, latency, error
/// (with Code and Status). Times limits the fault to the first N matching calls; 0 means every call.
/// </summary>
internal sealed class FaultSpec
{
    public string Service { get; set; } = "*";
    public string Operation { get; set; } = "*";
    public string Kind { get; set; } = "accessDenied";
    public int Times { get; set; }
    public int LatencyMs { get; set; }
    public string? Code { get; set; }
    public int? Status { get; set; }
    public string? Message { get; set; }
}
