using PreflightCheck.Core;
using PreflightCheck.Inputs.Config;
using PreflightCheck.Rules;

namespace PreflightCheck.Tests.Configuration;

/// <summary>Every bad configuration is one line naming cfg.yml, the line and the column of the culprit.</summary>
public sealed class ConfigFileErrorTests
{
    private const string Valid = "suppressions:\n  - rule: PFC-IMG-002\n    target: '*'\n    justification: ok\n";

    [Theory]
    [InlineData("malformed YAML", "suppressions:\n  - rule: [PFC-IMG-002\n",
        "error: cfg.yml:3:1: malformed YAML: While parsing a flow sequence, did not find expected ',' or ']'")]
    [InlineData("unknown top-level key", "suppresions: []\n",
        "error: cfg.yml:1:1: unknown key 'suppresions' in the configuration; expected suppressions, levels, disabledRules, tls")]
    [InlineData("unknown suppression key", "suppressions:\n  - rule: PFC-IMG-002\n    target: '*'\n    reason: x\n",
        "error: cfg.yml:4:5: unknown key 'reason' in suppressions[0]; expected rule, target, model, justification, expires")]
    [InlineData("unknown tls key", "tls:\n  expiryDays: 3\n",
        "error: cfg.yml:2:3: unknown key 'expiryDays' in tls; expected expiryWarningDays")]
    [InlineData("unknown rule id in a suppression", "suppressions:\n  - rule: PFC-IMG-999\n    target: '*'\n    justification: x\n",
        "error: cfg.yml:2:11: suppressions[0].rule: unknown rule id 'PFC-IMG-999'; 'preflight rules' lists them")]
    [InlineData("glob as suppression rule id", "suppressions:\n  - rule: PFC-IMG-*\n    target: '*'\n    justification: x\n",
        "error: cfg.yml:2:11: suppressions[0].rule: unknown rule id 'PFC-IMG-*'; 'preflight rules' lists them")]
    [InlineData("unknown rule id in levels", "levels:\n  PFC-TLS-099: note\n",
        "error: cfg.yml:2:3: levels.PFC-TLS-099: unknown rule id 'PFC-TLS-099'; 'preflight rules' lists them")]
    [InlineData("unknown level", "levels:\n  PFC-TLS-006: fatal\n",
        "error: cfg.yml:2:16: levels.PFC-TLS-006 'fatal' is not one of error, warning, note")]
    [InlineData("malformed date", Valid + "    expires: 2026-13-01\n",
        "error: cfg.yml:5:14: suppressions[0].expires '2026-13-01' is not a date (YYYY-MM-DD)")]
    [InlineData("date in another format", Valid + "    expires: 01/12/2026\n",
        "error: cfg.yml:5:14: suppressions[0].expires '01/12/2026' is not a date (YYYY-MM-DD)")]
    [InlineData("missing justification", "suppressions:\n  - rule: PFC-IMG-002\n    target: '*'\n",
        "error: cfg.yml:2:5: suppressions[0] has no 'justification'; every suppression must say why")]
    [InlineData("blank justification", "suppressions:\n  - rule: PFC-IMG-002\n    target: '*'\n    justification: '  '\n",
        "error: cfg.yml:4:20: suppressions[0].justification is empty")]
    [InlineData("missing target", "suppressions:\n  - rule: PFC-IMG-002\n    justification: x\n",
        "error: cfg.yml:2:5: suppressions[0] has no 'target'; name the target (a glob such as '*' is allowed)")]
    [InlineData("missing rule", "suppressions:\n  - target: x\n    justification: x\n",
        "error: cfg.yml:2:5: suppressions[0] has no 'rule'; name the rule id it suppresses")]
    [InlineData("suppressions not a list", "suppressions: PFC-IMG-002\n",
        "error: cfg.yml:1:15: suppressions must be a list, got a value")]
    [InlineData("suppression not a mapping", "suppressions:\n  - PFC-IMG-002\n",
        "error: cfg.yml:2:5: suppressions[0] must be a mapping (key: value), got a value")]
    [InlineData("rule id given as a list", "suppressions:\n  - rule: [PFC-IMG-002]\n    target: x\n    justification: x\n",
        "error: cfg.yml:2:11: suppressions[0].rule must be a single value, got a list")]
    [InlineData("days not a number", "tls:\n  expiryWarningDays: soon\n",
        "error: cfg.yml:2:22: tls.expiryWarningDays must be a whole number, got 'soon'")]
    [InlineData("days negative", "tls:\n  expiryWarningDays: -5\n",
        "error: cfg.yml:2:22: tls.expiryWarningDays must be a whole number, got '-5'")]
    [InlineData("days out of range", "tls:\n  expiryWarningDays: 9999\n",
        "error: cfg.yml:2:22: tls.expiryWarningDays must be between 0 and 3650, got 9999")]
    [InlineData("disabled pattern matching nothing", "disabledRules:\n  - PFC-XYZ-*\n",
        "error: cfg.yml:2:5: disabledRules[0] 'PFC-XYZ-*' matches no rule; 'preflight rules' lists them")]
    [InlineData("top level not a mapping", "- PFC-IMG-002\n",
        "error: cfg.yml:1:1: the configuration must be a mapping (key: value), got a list")]
    [InlineData("levels not a mapping", "levels: [PFC-IMG-002]\n",
        "error: cfg.yml:1:9: levels must be a mapping (key: value), got a list")]
    [InlineData("two documents", "tls: {}\n---\nlevels: {}\n",
        "error: cfg.yml:3:1: the file holds more than one YAML document; give one")]
    public void Parse_WhenInputIsBad_ThrowsOneLineWithFileLineAndColumn(string why, string yaml, string expected)
    {
        _ = why;

        var ex = Assert.Throws<InputException>(() => ConfigFile.Parse(yaml, "cfg.yml", BuiltInRules.Catalog));

        Assert.Equal(expected, ex.OneLine());
        Assert.DoesNotContain('\n', ex.OneLine());
    }

    [Fact]
    public void Parse_WhenAKeyAppearsTwice_IsAnInputErrorWithItsPosition()
    {
        var ex = Assert.Throws<InputException>(() => ConfigFile.Parse("tls:\n  expiryWarningDays: 3\n  expiryWarningDays: 4\n", "cfg.yml", BuiltInRules.Catalog));

        Assert.StartsWith("error: cfg.yml:3:", ex.OneLine(), StringComparison.Ordinal);
        Assert.Contains("malformed YAML", ex.OneLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenBytesAreNotUtf8_IsAnInputError()
    {
        using var temp = new TempFiles();
        var path = temp.Write("bad.yml", [(byte)'t', (byte)'l', (byte)'s', (byte)':', 0xFF]);

        var ex = Assert.Throws<InputException>(() => ConfigFile.Load(path, BuiltInRules.Catalog));

        Assert.Equal($"error: {path}: the file is not valid UTF-8", ex.OneLine());
    }
}
