using System.Text.Json;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// `check --model` on the fake's nat-egress account, as a user runs it: subnets that leave through a NAT gateway with no
/// Lambda endpoint, a VPC with DhcpOptionsId "default", and a role whose own policy leaves out ec2:DescribeVpcEndpoints.
/// </summary>
public sealed class NatEgressCliTests
{
    private const string Model = "nat-egress-model";

    private static async Task<(CliResult Result, Dictionary<string, JsonElement> Results)> CheckAsync(AwsFakeServer aws, params string[] selection)
    {
        var result = await PreflightProcess.RunAsync(
            ["check", "--model", Model, "--registry-address", "127.24.0.7", "--format", "json", .. selection],
            environment: aws.ClientEnvironment().ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        using var report = JsonDocument.Parse(result.StdOut.Length > 0 ? result.StdOut : "{\"results\":[]}");
        // The rules read here give one result for the model's one container (or registry address); NET-001 gives one per subnet.
        var results = report.RootElement.GetProperty("results").EnumerateArray()
            .GroupBy(r => r.GetProperty("ruleId").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().Clone());
        return (result, results);
    }

    private static string Outcome(Dictionary<string, JsonElement> results, string id) => results[id].GetProperty("outcome").GetString()!;

    private static string Message(Dictionary<string, JsonElement> results, string id) => results[id].GetProperty("message").GetString()!;

    [Fact]
    public async Task CheckModel_WhenSubnetsRouteToANatGatewayAndThereIsNoLambdaEndpoint_PassesLmb001ThroughNatAndTheEndpointRulesDoNotApply()
    {
        await using var aws = await AwsFakeServer.StartAsync("nat-egress");

        var (result, results) = await CheckAsync(aws, "--skip-rules", "REG", "--skip-rules", "TLS");

        Assert.True(result.ExitCode == 1, result.StdErr);
        Assert.Equal("pass", Outcome(results, "PFC-LMB-001"));
        Assert.StartsWith("The path to Lambda is NAT:", Message(results, "PFC-LMB-001"), StringComparison.Ordinal);
        Assert.Contains("nat-0123456789abcdef0", Message(results, "PFC-LMB-001"), StringComparison.Ordinal);
        Assert.Equal("nat", results["PFC-LMB-001"].GetProperty("evidence").GetProperty("path").GetString());
        Assert.All(["PFC-LMB-002", "PFC-LMB-003", "PFC-LMB-004"], id => Assert.Equal("notApplicable", Outcome(results, id)));
        Assert.Equal("pass", Outcome(results, "PFC-NET-006"));
        Assert.Equal("pass", Outcome(results, "PFC-NET-012"));
        Assert.Equal(1, aws.CallCount("lambda", "Invoke"));
        Assert.DoesNotContain("fake-nat-registry-password-7", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenTheNatGatewayWasDeletedAndItsRouteIsABlackhole_FailsLmb001NamingEachModelSubnet()
    {
        var scenario = Scenario.Load("nat-egress");
        scenario.NatGateways.Single().State = "deleted";
        scenario.RouteTables.Single(t => t.Id == "rtb-0a1b2c3d4e5f60002").Routes.Single(r => r.Destination == "0.0.0.0/0").State = "blackhole";
        await using var aws = await AwsFakeServer.StartAsync(scenario);

        var (result, results) = await CheckAsync(aws, "--rules", "PFC-LMB-001");

        Assert.True(result.ExitCode == 1, result.StdErr);
        Assert.Equal("fail", Outcome(results, "PFC-LMB-001"));
        var message = Message(results, "PFC-LMB-001");
        Assert.Contains("subnet-0123456789abcdef0 (no NAT route: 0.0.0.0/0 -> nat-0123456789abcdef0 (blackhole) in rtb-0a1b2c3d4e5f60002)", message, StringComparison.Ordinal);
        Assert.Contains("subnet-0123456789abcdef1 (no NAT route:", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckModel_WhenTheVpcHasDhcpOptionsDefault_FailsLmb005SayingNoDnsServerWithoutDescribingDhcpOptions()
    {
        await using var aws = await AwsFakeServer.StartAsync("nat-egress");

        var (result, results) = await CheckAsync(aws, "--rules", "PFC-LMB-005", "--fail-on", "warning");

        Assert.True(result.ExitCode == 1, result.StdErr);
        Assert.Equal("fail", Outcome(results, "PFC-LMB-005"));
        Assert.Contains("DhcpOptionsId default", Message(results, "PFC-LMB-005"), StringComparison.Ordinal);
        Assert.Contains("no DNS server", Message(results, "PFC-LMB-005"), StringComparison.Ordinal);
        Assert.Equal("(none)", results["PFC-LMB-005"].GetProperty("evidence").GetProperty("domainNameServers").GetString());
        Assert.Equal(1, aws.CallCount("ec2", "DescribeVpcs"));
        Assert.Equal(0, aws.CallCount("ec2", "DescribeDhcpOptions"));
    }

    [Fact]
    public async Task CheckModel_WhenTheRolesPolicyLeavesOutDescribeVpcEndpoints_FailsIam003NamingOnlyThatAction()
    {
        await using var aws = await AwsFakeServer.StartAsync("nat-egress");

        var (result, results) = await CheckAsync(aws, "--rules", "PFC-IAM-003");

        Assert.True(result.ExitCode == 1, result.StdErr);
        Assert.Equal("fail", Outcome(results, "PFC-IAM-003"));
        Assert.Contains("lacks ec2:DescribeVpcEndpoints,", Message(results, "PFC-IAM-003"), StringComparison.Ordinal);
        Assert.Contains("ec2:CreateNetworkInterface allowed", results["PFC-IAM-003"].GetProperty("evidence").GetProperty("decisions").GetString(), StringComparison.Ordinal);
    }
}
