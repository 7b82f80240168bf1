using PreflightCheck.Tests.Collectors;
using System.Reflection;
using System.Text;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.IntegrationTests.Cli;
using PreflightCheck.IntegrationTests.Registry;
using PreflightCheck.Reporting;
using PreflightCheck.Rules;
using static PreflightCheck.IntegrationTests.Registry.CollectorHarness;

namespace PreflightCheck.IntegrationTests.Evidence;

/// <summary>
/// The --save-facts file is what a user attaches to a support ticket: it must hold no secret, and replaying it with
/// --facts must give the very report the live run gave.
/// </summary>
public sealed class EvidenceBundleTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create(extraDnsNames: ["auth.test", "cdn.test"]);
    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-evidence-").FullName;

    public void Dispose()
    {
        _pki.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // A Bearer registry behind a token realm, pulled with flag credentials: the run where the most secrets pass by.
    private async Task<FactsSnapshot> CollectWithCredentialsAsync()
    {
        var image = FakeImage.Create();
        await using var auth = await FakeServer.StartAsync(FakeRegistry.TokenServer(), _pki.Leaf, [_pki.Intermediate]);
        await using var registry = await FakeServer.StartAsync(
            FakeRegistry.Registry("bearer", [image], realm: $"https://auth.test:{auth.Port}/token"), _pki.Leaf, [_pki.Intermediate]);
        var context = Context(
            [("registry.test", registry.Port), ("auth.test", auth.Port)],
            _pki.RootPemPath,
            _pki.RootPemPath,
            new FlagRegistryCredentials(FakeRegistry.User, FakeRegistry.Password));

        var facts = await CollectAsync(Plan($"registry.test:{registry.Port}/team/model@{image.Digest}"), context);

        // The secrets must really have been used, or their absence from the file proves nothing.
        Assert.Equal(PullAccess.Granted, facts.Registries[0].Images[0].Auth.Access);
        Assert.True(facts.Registries[0].Images[0].Auth.TokenRealm!.CredentialsSent);
        Assert.Contains(registry.Seen, r => r.Authorization == "Bearer " + FakeRegistry.Token);
        return facts;
    }

    [Fact]
    public async Task SaveFacts_WhenCredentialsWereUsed_FileHoldsNoPasswordTokenOrAuthorizationHeader()
    {
        var facts = await CollectWithCredentialsAsync();
        var path = Path.Combine(_dir, "facts.json");
        await File.WriteAllTextAsync(path, FactsJson.Serialize(facts));

        var text = await File.ReadAllTextAsync(path);

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(FakeRegistry.User + ":" + FakeRegistry.Password));
        Assert.DoesNotContain(FakeRegistry.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRegistry.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Basic ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + FakeRegistry.User + "\"", text, StringComparison.Ordinal);

        // What the file does say: credentials were present, where they came from, and their shape only.
        Assert.Contains("\"present\": true", text, StringComparison.Ordinal);
        Assert.Contains("\"source\": \"Flag\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"usernameLength\": {FakeRegistry.User.Length}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckFacts_WhenReplayingASavedSnapshot_ReproducesTheLiveJsonReportByteForByte()
    {
        var facts = await CollectWithCredentialsAsync();
        var factsPath = Path.Combine(_dir, "facts.json");
        await File.WriteAllTextAsync(factsPath, FactsJson.Serialize(facts));
        var live = LiveJsonReport(facts);
        Assert.Contains("\"ruleId\": \"PFC-REG-005\"", live, StringComparison.Ordinal);

        var reportPath = Path.Combine(_dir, "report.json");
        var savedAgain = Path.Combine(_dir, "facts-again.json");
        var result = await PreflightProcess.RunAsync(
            ["check", "--facts", factsPath, "--format", "json", "--output", reportPath, "--save-facts", savedAgain, "--fail-on", "never"],
            workingDirectory: _dir);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(live, await File.ReadAllTextAsync(reportPath));
        Assert.Equal(await File.ReadAllBytesAsync(factsPath), await File.ReadAllBytesAsync(savedAgain));
    }

    // What the live run reports: every rule over the collected snapshot, no configuration, the tool's own version.
    private static string LiveJsonReport(FactsSnapshot facts)
    {
        var version = typeof(FactsSnapshot).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var tool = new ToolInfo("preflight", version, PreflightCheck.Collectors.Tls.PublicRoots.ShippedDescription);
        var report = new Judge(BuiltInRules.CreateEngine(), tool).Run(facts, RuleSelection.All);
        Assert.True(Reporters.TryGet("json", out var json));
        using var writer = new StringWriter();
        json.Write(report, new ReporterOptions(), writer);
        return writer.ToString();
    }
}
