using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

public sealed partial class ScenarioTests
{
    private static List<string> Names() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.yml").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> Files() => new(Names());

    [GeneratedRegex(@"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w.])")]
    private static partial Regex Ipv4();

    [Fact]
    public void Scenarios_WhenListed_IncludeHealthyBrokenAndFaults()
    {
        Assert.Subset(Names().ToHashSet(), new HashSet<string> { "healthy.yml", "broken.yml", "faults.yml" });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_WhenParsed_KeepsEveryIpv4AddressOnLoopback(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));
        var scenario = Scenario.Parse(text);

        Assert.NotEmpty(scenario.Vpcs);
        var addresses = Ipv4().Matches(text).Select(m => IPAddress.Parse(m.Value)).Where(a => !a.Equals(IPAddress.Any)).ToList();
        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(a), $"{a} in {file} is not in 127.0.0.0/8"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_WhenParsed_HoldsOnlyValidJsonPolicies(string file)
    {
        var scenario = Scenario.Load(file);

        var documents = scenario.Roles.Concat(scenario.Users).SelectMany(p => p.InlinePolicies.Values.Append(p.TrustPolicy ?? "{}"))
            .Concat(scenario.ManagedPolicies.Select(p => p.Document))
            .Concat(scenario.Functions.SelectMany(f => new[] { f.ResourcePolicy ?? "{}", f.Invoke.Mode is "ok" or "delay" ? f.Invoke.Payload : "{}" }))
            .Concat(scenario.VpcEndpoints.Select(e => e.Policy ?? "{}"));
        Assert.All(documents, d => JsonDocument.Parse(d).Dispose());
    }

    [Fact]
    public void Parse_WhenAKeyIsMisspelt_Throws()
    {
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => Scenario.Parse("vpcz: []"));
    }
}
