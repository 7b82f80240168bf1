using ApprovalTests;
using ApprovalTests.Reporters;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>What a person reads from the CLI, approved as a whole: help, the catalogue, explain, and each report format.</summary>
[UseReporter(typeof(QuietReporter))]
public sealed partial class CliApprovalTests
{
    private const string Request = "src/PreflightCheck.Cli/Examples/vpc-model.request.json";
    private const string EndpointConfig = "src/PreflightCheck.Cli/Examples/vpc-model.endpoint-config.json";

    private static string Scrub(string text) =>
        JUnitTimestamp().Replace(PreflightCheck.IntegrationTests.Cli.Scrub.Version(text), "timestamp=\"<time>\"");

    private static async Task<string> Run(int expectedExit, params string[] args)
    {
        var result = await PreflightProcess.RunAsync(args);
        Assert.True(expectedExit == result.ExitCode, $"exit {result.ExitCode}, stderr: {result.StdErr}");
        Assert.Equal(string.Empty, result.StdErr);
        return Scrub(result.StdOut);
    }

    [Fact]
    public async Task Help_WhenAskedAtTopLevel_ListsCommands() => Approvals.Verify(await Run(0, "--help"));

    [Fact]
    public async Task Help_WhenAskedForCheck_ListsEveryOption() => Approvals.Verify(await Run(0, "check", "--help"));

    [Fact]
    public async Task Help_WhenAskedForPin_ListsTheRegistryOptionsOnly() => Approvals.Verify(await Run(0, "pin", "--help"));

    [Fact]
    public async Task Rules_Always_ListsTheWholeCatalogue() => Approvals.Verify(await Run(0, "rules"));

    // Not an approval: the body is rules/PFC-TLS-002.md itself, so the test compares with that file instead of a copy of it.
    [Fact]
    public async Task Explain_WhenGivenAnId_PrintsAHeaderTheRuleDocumentAndTheRootSet()
    {
        var output = (await Run(0, "explain", "PFC-TLS-002")).ReplaceLineEndings("\n");
        var document = (await File.ReadAllTextAsync(Path.Combine(PreflightProcess.RepositoryRoot, "rules", "PFC-TLS-002.md"))).ReplaceLineEndings("\n");
        var body = document[(document.IndexOf("\n---\n", 3, StringComparison.Ordinal) + 5)..];
        const string Header = "PFC-TLS-002 public-ca-chain: Certificate chains to a public root CA\nlevel: error  area: TLS  kind: live  tags: tls, certificates\n\n";

        Assert.StartsWith(Header + body, output, StringComparison.Ordinal);
        Assert.Matches(@"^\nPublic root set shipped with this build: \d+ roots dated \d{4}-\d{2}-\d{2}, [^\n]+\n$", output[(Header.Length + body.Length)..]);
    }

    [Fact]
    public async Task Explain_WhenGivenAName_FindsTheSameRule()
    {
        var byName = await Run(0, "explain", "digest-pinned");

        Assert.StartsWith("PFC-IMG-002 digest-pinned:", byName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("console")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("junit")]
    [InlineData("markdown")]
    public async Task CheckOffline_OnTheExample_MatchesApproved(string format)
    {
        var output = await Run(1, "check", "--offline", "--request", Request, "--endpoint-config", EndpointConfig, "--region", "us-east-1", "--format", format);

        using (ApprovalTests.Namers.ApprovalResults.ForScenario(format))
        {
            Approvals.Verify(output);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("timestamp=\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex JUnitTimestamp();
}
