using System.Text.Json;

namespace PreflightCheck.IntegrationTests.Cli;

internal static class ReportJson
{
    /// <summary>Outcome by "ruleId target" from a JSON report; <paramref name="key"/> may normalise the key (random ports).</summary>
    public static Dictionary<string, string> Outcomes(string json, Func<string, string>? key = null)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => (key ?? (k => k))($"{r.GetProperty("ruleId").GetString()} {r.GetProperty("target").GetString()}"),
            r => r.GetProperty("outcome").GetString()!);
    }
}
