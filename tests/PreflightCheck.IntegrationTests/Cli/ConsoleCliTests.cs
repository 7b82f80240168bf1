using System.Xml.Linq;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>What a person or a CI log reads from a check: what needs attention, wrapped to the width, and a verdict line when every report goes to a file.</summary>
public sealed class ConsoleCliTests : IDisposable
{
    private const string ExampleFacts = "src/PreflightCheck.Cli/Examples/vpc-model.facts.json";

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-console-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Check_WhenEveryFormatGoesToAFile_PrintsOneVerdictLineOnStderr()
    {
        var junit = Path.Combine(_dir, "report.xml");

        var result = await PreflightProcess.RunAsync(
            ["check", "--facts", ExampleFacts, "--format", "json", "--output", Path.Combine(_dir, "report.json"), "--format", "junit", "--output", junit]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        // The counts come from the JSON report of the same run, so the line is checked against the report, not a copy.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "report.json")));
        var s = json.RootElement.GetProperty("summary");
        int N(string name) => s.GetProperty(name).GetInt32();
        Assert.Equal(
            $"preflight: FAIL — {N("fail")} failed, {N("unknown")} unknown, {N("error")} error, {N("pass")} passed, {N("notApplicable")} not applicable, {N("suppressed")} suppressed (gate: --fail-on error; exit 1)\n",
            result.StdErr);
        Assert.Equal(3, N("fail"));
        var root = XDocument.Load(junit).Root!;
        Assert.Equal(3, root.Descendants("failure").Count());
        Assert.Equal(json.RootElement.GetProperty("results").GetArrayLength(), root.Descendants("testcase").Count());
    }

    [Fact]
    public async Task Check_WhenGateIsNeverAndReportGoesToAFile_SaysPassOnStderr()
    {
        var result = await PreflightProcess.RunAsync(
            ["check", "--facts", ExampleFacts, "--fail-on", "never", "--output", Path.Combine(_dir, "report.md")]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("preflight: PASS — 3 failed, ", result.StdErr, StringComparison.Ordinal);
        Assert.EndsWith("(gate: --fail-on never; exit 0)\n", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenConsoleGoesToStdout_PrintsNothingOnStderr()
    {
        var result = await PreflightProcess.RunAsync(["check", "--facts", ExampleFacts]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdErr);
    }

    [Theory]
    [InlineData(null, 80)]
    [InlineData("60", 60)]
    [InlineData("132", 132)]
    public async Task Check_WhenColumnsIsSet_WrapsAtThatWidthKeepingLongWordsWhole(string? columns, int width)
    {
        var result = await PreflightProcess.RunAsync(["check", "--facts", ExampleFacts, "--verbose"], environment: new Dictionary<string, string?> { ["COLUMNS"] = columns });

        Assert.Equal(1, result.ExitCode);
        var lines = result.StdOut.TrimEnd('\n').Split('\n');
        foreach (var line in lines.Where(l => l.Length > width))
        {
            Assert.DoesNotContain(' ', line.Trim());
        }

        Assert.Contains(lines, l => l.Length > width - 15);
        Assert.Contains("sha256:3c1d4443e38aa1af82a50c0cf94dcd67d053d9ed8216f22dfe4c927a3dc5c9b9", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ByDefault_ListsWhatNeedsAttentionAndVerboseListsEveryResult()
    {
        var brief = await PreflightProcess.RunAsync(["check", "--facts", ExampleFacts]);
        var verbose = await PreflightProcess.RunAsync(["check", "--facts", ExampleFacts, "--verbose"]);

        Assert.DoesNotContain("  PASS ", brief.StdOut, StringComparison.Ordinal);
        Assert.Equal(3, brief.StdOut.Split('\n').Count(l => l.StartsWith("  FAIL ", StringComparison.Ordinal)));
        Assert.Contains("  UNKNOWN PFC-TLS-003 ", brief.StdOut, StringComparison.Ordinal);
        Assert.Contains("\nIAM  5 passed\n", brief.StdOut, StringComparison.Ordinal);
        var json = await PreflightProcess.RunAsync(["check", "--facts", ExampleFacts, "--format", "json"]);
        var results = System.Text.Json.JsonDocument.Parse(json.StdOut).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).ToArray();
        var counted = results.Count(o => o is "pass" or "notApplicable");
        Assert.Contains($"{counted} passed or not applicable are counted, not listed", brief.StdOut.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(results.Length, verbose.StdOut.Split('\n').Count(l => l.Length > 10 && l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' ' && l[10..].StartsWith("PFC-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Check_WhenAwsHasNoCredentials_SaysTheCauseOnceAndTheResultsReferToIt()
    {
        var request = Path.Combine(_dir, "request.json");
        File.Copy(Path.Combine(PreflightProcess.RepositoryRoot, "src/PreflightCheck.Cli/Examples/vpc-model.request.json"), request);

        var result = await PreflightProcess.RunAsync(
            ["check", "--request", request, "--region", "us-east-1", "--skip-rules", "REG", "--skip-rules", "TLS", "--registry-address", "127.20.0.7"],
            environment: new Dictionary<string, string?>
            {
                ["AWS_CONFIG_FILE"] = "/nonexistent/config",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials",
                ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            });

        var text = result.StdOut;
        var unknowns = text.Split('\n').Count(l => l.StartsWith("  UNKNOWN ", StringComparison.Ordinal));
        Assert.True(unknowns >= 20, text);
        Assert.Equal(2, text.Split("no AWS credentials found").Length);
        Assert.Contains("  [1] AWS could not be queried: no AWS credentials found", text, StringComparison.Ordinal);
        Assert.Equal(unknowns, text.Replace("\n            ", " ", StringComparison.Ordinal).Split("see [1]").Length - 1);
        Assert.Contains($"({unknowns} results)", text.Replace("\n      ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
