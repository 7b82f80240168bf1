using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PreflightCheck.Collectors;
using PreflightCheck.Collectors.Registry;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules;

namespace PreflightCheck.IntegrationTests.Registry;

internal static class CollectorHarness
{
    public static FactsSnapshot Plan(string image, bool authConfig = true, params string[] instanceTypes)
    {
        var container = new ContainerPlan(
            "Primary",
            null,
            new Located<string>(image, new SourceLocation("request.json", 7, 16)),
            new Located<string>("Vpc", null),
            authConfig ? new Located<string>("arn:aws:lambda:us-east-1:123456789012:function:creds", null) : null,
            null);
        var variants = (instanceTypes.Length == 0 ? ["ml.m5.large"] : instanceTypes)
            .Select((t, i) => new VariantPlan($"variant{i + 1}", "vpc-model", new Located<string>(t, null), 1, null)).ToArray();
        var model = new ModelPlan("vpc-model", null, null, [container], null, false, variants);
        return FactsSnapshot.ForPlan(new DeploymentPlan("request.json", "us-east-1", [model]), DateTimeOffset.UtcNow);
    }

    /// <summary>Every name is pinned with --resolve; any other lookup fails, so no real name is ever resolved.</summary>
    public static CollectorContext Context(
        IEnumerable<(string Host, int Port)> resolve,
        string? publicRoots = null,
        string? trustRoots = null,
        IRegistryCredentialSource? credentials = null,
        TimeSpan? timeout = null,
        ICollectorCounters? counters = null) => new()
    {
        Resolve = resolve.Select(r => new ResolveEntry(r.Host, r.Port, IPAddress.Loopback)).ToArray(),
        PublicRootsFile = publicRoots,
        RegistryTrustRootsFile = trustRoots,
        Credentials = credentials ?? new FlagRegistryCredentials(FakeRegistry.User, FakeRegistry.Password),
        Timeout = timeout ?? TimeSpan.FromSeconds(5),
        Counters = counters,
        LookupHost = static (host, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
    };

    public static async Task<FactsSnapshot> CollectAsync(FactsSnapshot plan, CollectorContext context)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var facts = await new RegistryCollector().CollectIntoAsync(plan, context, cts.Token);
        return await new TlsCollector().CollectIntoAsync(facts, context, cts.Token);
    }

    /// <summary>Each REG/TLS rule's outcome; for TLS rules, the finding on <paramref name="tlsTarget"/> (the registry by default).</summary>
    public static Dictionary<string, Finding> Judge(FactsSnapshot facts, string? tlsTarget = null)
    {
        var result = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var rule in BuiltInRules.All.Where(r => r.Id.StartsWith("PFC-REG-", StringComparison.Ordinal) || r.Id.StartsWith("PFC-TLS-", StringComparison.Ordinal)))
        {
            var findings = rule.Evaluate(new RuleContext(facts, RuleSettings.Default)).ToList();
            if (findings.Count == 0)
            {
                continue;
            }

            var finding = rule.Id.StartsWith("PFC-TLS-", StringComparison.Ordinal) && tlsTarget is not null
                ? findings.Single(f => f.Target == tlsTarget)
                : findings.First(f => !f.Target.Contains("token", StringComparison.Ordinal));
            result[rule.Id] = finding;
        }

        return result;
    }

    public static string Serialize(FactsSnapshot facts) =>
        JsonSerializer.Serialize(facts, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
}
