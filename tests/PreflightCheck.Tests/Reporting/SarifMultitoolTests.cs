using System.Diagnostics;
using System.Text.Json;
using PreflightCheck.Core.Reports;
using PreflightCheck.Reporting;
using Xunit.Abstractions;

namespace PreflightCheck.Tests.Reporting;

/// <summary>
/// Runs Microsoft's SARIF multitool with GitHub's ingestion rules (GH*) over what the reporter writes.
/// Install: npm install --prefix .tools @microsoft/sarif-multitool@5.7.0 (or set PREFLIGHT_SARIF_MULTITOOL).
/// </summary>
public sealed class SarifMultitoolTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Validate_WhenGitHubRulesRunOnTwoModelReport_ReportsNoErrors() =>
        AssertNoGitHubErrors(SampleReport.TwoModels());

    [Fact]
    public void Validate_WhenGitHubRulesRunOnOneModelReport_ReportsNoErrors() =>
        AssertNoGitHubErrors(SampleReport.OneModel());

    [Fact]
    public void Validate_WhenResultHasNoLocations_ReportsGitHubError()
    {
        // Proves the rules really run and that errors are read: GitHub requires every result to carry locations.
        var tool = FindTool();
        if (tool is null)
        {
            return;
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(SarifReporterTests.Render(SampleReport.OneModel()))!;
        node["runs"]![0]!["results"]![0]!.AsObject().Remove("locations");
        var errors = Run(tool, node.ToJsonString());
        Assert.Contains(errors, e => e.StartsWith("GH", StringComparison.Ordinal));
    }

    private void AssertNoGitHubErrors(Report report)
    {
        var tool = FindTool();
        if (tool is null)
        {
            return;
        }

        var errors = Run(tool, SarifReporterTests.Render(report));
        Assert.Empty(errors);
    }

    private string? FindTool()
    {
        var configured = Environment.GetEnvironmentVariable("PREFLIGHT_SARIF_MULTITOOL");
        var path = string.IsNullOrEmpty(configured)
            ? Path.Combine(TestPaths.RepositoryRoot(), ".tools", "node_modules", ".bin", "sarif-multitool")
            : configured;
        if (File.Exists(path))
        {
            return path;
        }

        var message = $"sarif-multitool not found at {path}; install it with: npm install --prefix .tools @microsoft/sarif-multitool@5.7.0";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        output.WriteLine(message + " (skipped: not in CI)");
        return null;
    }

    /// <summary>Returns "RULEID: message" for every error-level finding in the multitool's own SARIF output.</summary>
    private IReadOnlyList<string> Run(string tool, string sarif)
    {
        // No spaces in these paths: the npm launcher passes its arguments through a shell.
        var dir = Path.Combine(Path.GetTempPath(), "preflight-multitool-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var input = Path.Combine(dir, "report.sarif");
            var outputFile = Path.Combine(dir, "validation.sarif");
            File.WriteAllText(input, sarif);

            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The file comes before --rule-kind: that option takes a list and would swallow a file name after it.
            foreach (var arg in new[] { "validate", input, "--rule-kind", "Gh", "--output", outputFile, "--log", "ForceOverwrite" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["DOTNET_ROLL_FORWARD"] = "Major";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"sarif-multitool did not finish within {Timeout.TotalSeconds} s");
            }

            output.WriteLine(stdout.Result);
            output.WriteLine(stderr.Result);
            Assert.True(process.ExitCode == 0, $"sarif-multitool exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
            Assert.True(File.Exists(outputFile), $"sarif-multitool wrote no output: {stdout.Result} {stderr.Result}");

            using var document = JsonDocument.Parse(File.ReadAllText(outputFile));
            var run = document.RootElement.GetProperty("runs")[0];
            if (!run.TryGetProperty("results", out var results))
            {
                return [];
            }

            return results.EnumerateArray()
                .Where(r => !r.TryGetProperty("level", out var level) || level.GetString() == "error")
                .Select(r => $"{r.GetProperty("ruleId").GetString()}: {MessageOf(r)}")
                .ToArray();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string MessageOf(JsonElement result) =>
        result.GetProperty("message").TryGetProperty("text", out var text) ? text.GetString() ?? "" : result.GetProperty("message").ToString();
}
