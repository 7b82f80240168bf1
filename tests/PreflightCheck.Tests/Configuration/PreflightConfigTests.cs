using PreflightCheck.Core.Configuration;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.Config;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.PlanBuilder;

namespace PreflightCheck.Tests.Configuration;

public sealed class PreflightConfigTests
{
    private const string TagOnly = "registry.example.com/team/model:1.0";

    private static PreflightConfig Config(string yaml) => ConfigFile.Parse(yaml, "cfg.yml", BuiltInRules.Catalog);

    // The static rules over a plan whose images are tag-only, so PFC-IMG-002 (level error) fails once per container.
    private static Report Run(PreflightConfig config, ModelPlan? model = null, FactsSnapshot? facts = null)
    {
        facts ??= Facts(model ?? Model([Container(TagOnly)]));
        var selection = new RuleSelection(null, config.DisabledRules, offline: facts.TlsEndpoints.Count == 0);
        return new Judge(BuiltInRules.CreateEngine(), new ToolInfo("preflight", "test")).Run(facts, selection, config);
    }

    private static RuleResult Img002(Report report, string container = "ModelContainer") =>
        report.Results.Single(r => r.RuleId == "PFC-IMG-002" && r.Target == $"container {container}");

    private static string Suppress(string target, string? model = null, string? expires = null) => $"""
        suppressions:
          - rule: PFC-IMG-002
            target: {target}
        {(model is null ? "" : $"    model: {model}\n")}{(expires is null ? "" : $"    expires: {expires}\n")}    justification: pinned by the release pipeline
        """;

    [Fact]
    public void Run_WhenNoConfig_Img002FailsAndExitsOne()
    {
        var report = Run(PreflightConfig.Empty);

        Assert.Equal(Outcome.Fail, Img002(report).Outcome);
        Assert.Null(Img002(report).Suppression);
        Assert.Equal(ExitCodes.Findings, ExitCodes.For(report, FailOn.Error, false));
    }

    [Fact]
    public void Suppression_WhenRuleAndTargetMatchExactly_SuppressesWithJustificationAndExitsZero()
    {
        var report = Run(Config(Suppress("container ModelContainer")));

        var result = Img002(report);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal(new Suppression("pinned by the release pipeline", null, "cfg.yml:2"), result.Suppression);
        Assert.Equal(1, report.Summary.Suppressed);
        Assert.Equal(0, report.Summary.Fail);
        Assert.Equal(ExitCodes.Ok, ExitCodes.For(report, FailOn.Error, false));
    }

    [Fact]
    public void Suppression_WhenTargetIsAGlob_SuppressesOnlyMatchingTargets()
    {
        var model = Model([Container(TagOnly, name: "ModelA"), Container(TagOnly, name: "Sidecar")]);

        var report = Run(Config(Suppress("\"container Model?\"")), model);

        Assert.NotNull(Img002(report, "ModelA").Suppression);
        Assert.Null(Img002(report, "Sidecar").Suppression);
        Assert.Equal(ExitCodes.Findings, ExitCodes.For(report, FailOn.Error, false));
    }

    [Fact]
    public void Suppression_WhenTargetDiffers_DoesNotSuppress()
    {
        var report = Run(Config(Suppress("container Other")));

        Assert.Null(Img002(report).Suppression);
        Assert.Equal(1, report.Summary.Fail);
    }

    [Theory]
    [InlineData("vpc-model", true)]
    [InlineData("vpc-*", true)]
    [InlineData("other-model", false)]
    public void Suppression_WhenModelGiven_SuppressesOnlyThatModel(string model, bool suppressed)
    {
        var report = Run(Config(Suppress("'*'", model: model)));

        Assert.Equal(suppressed, Img002(report).Suppression is not null);
    }

    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2027-01-01")]
    public void Suppression_WhenExpiryIsOnOrAfterCollectionDay_StillSuppresses(string expires)
    {
        var report = Run(Config(Suppress("'*'", expires: expires)));

        var result = Img002(report);
        Assert.Equal(expires, result.Suppression?.Expires);
        Assert.DoesNotContain("expired", result.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, ExitCodes.For(report, FailOn.Error, false));
    }

    [Fact]
    public void Suppression_WhenExpired_StopsSuppressingAndTheMessageSaysSo()
    {
        var before = Img002(Run(PreflightConfig.Empty)).Message;

        var report = Run(Config(Suppress("'*'", expires: "2026-11-25")));

        var result = Img002(report);
        Assert.Null(result.Suppression);
        Assert.Equal($"{before} (suppression expired on 2026-11-25: pinned by the release pipeline)", result.Message);
        Assert.Equal(ExitCodes.Findings, ExitCodes.For(report, FailOn.Error, false));
    }

    [Fact]
    public void Suppression_WhenResultPasses_IsNotAttached()
    {
        var pinned = Run(Config(Suppress("'*'")), Model());

        Assert.Equal(Outcome.Pass, Img002(pinned).Outcome);
        Assert.Null(Img002(pinned).Suppression);
        Assert.Equal(0, pinned.Summary.Suppressed);
    }

    [Fact]
    public void LevelOverride_WhenErrorBecomesWarning_ChangesReportedLevelAndExitCode()
    {
        var report = Run(Config("levels:\n  PFC-IMG-002: warning\n"));

        Assert.Equal(Level.Warning, Img002(report).Rule.Level);
        Assert.Equal(Level.Warning, report.RulesEvaluated.Single(r => r.Id == "PFC-IMG-002").Level);
        Assert.Equal(Level.Error, BuiltInRules.Catalog["PFC-IMG-002"].Level);
        Assert.Equal(ExitCodes.Ok, ExitCodes.For(report, FailOn.Error, false));
        Assert.Equal(ExitCodes.Findings, ExitCodes.For(report, FailOn.Warning, false));
    }

    [Fact]
    public void LevelOverride_WhenNoteBecomesError_FailsTheErrorGate()
    {
        var note = BuiltInRules.Catalog["PFC-IMG-005"];
        Assert.Equal(Level.Note, note.Level);
        var failing = new RuleResult(note, Outcome.Fail, "vpc-model", "container ModelContainer", "m", new Dictionary<string, string>(), null, null, null);
        var config = Config("levels:\n  PFC-IMG-005: error\n");
        Report ReportOf(RuleResult r) => new(new ToolInfo("preflight", "test"), [], [r.Rule], [r], Now);

        var applied = config.Apply(failing, Now);

        Assert.Equal(Level.Error, applied.Level);
        Assert.Equal(ExitCodes.Ok, ExitCodes.For(ReportOf(failing), FailOn.Error, false));
        Assert.Equal(ExitCodes.Findings, ExitCodes.For(ReportOf(applied), FailOn.Error, false));
    }

    [Fact]
    public void DisabledRules_WhenPatternGiven_ThoseRulesDoNotRun()
    {
        var report = Run(Config("disabledRules:\n  - PFC-IMG-*\n  - PFC-CFG-001\n"));

        Assert.DoesNotContain(report.RulesEvaluated, r => r.Id.StartsWith("PFC-IMG-", StringComparison.Ordinal) || r.Id == "PFC-CFG-001");
        Assert.DoesNotContain(report.Results, r => r.RuleId.StartsWith("PFC-IMG-", StringComparison.Ordinal) || r.RuleId == "PFC-CFG-001");
        Assert.Contains(report.Results, r => r.RuleId == "PFC-CFG-002");
    }

    [Theory]
    [InlineData(null, true, "30")]
    [InlineData(14, false, "14")]
    [InlineData(21, true, "21")]
    [InlineData(45, true, "45")]
    public void TlsExpiryWarningDays_WhenConfigured_ReachTls006(int? days, bool fails, string warningDays)
    {
        var config = days is null ? PreflightConfig.Empty : Config($"tls:\n  expiryWarningDays: {days}\n");
        Assert.Equal(days ?? 30, config.Apply(RuleSettings.Default).CertificateExpiryWarningDays);
        var facts = Rules.Registry.RegistryFactsBuilder.Snapshot(tls: [EndpointExpiringIn(20)]);

        var report = Run(config, facts: facts);

        var result = report.Results.Single(r => r.RuleId == "PFC-TLS-006");
        Assert.Equal(fails ? Outcome.Fail : Outcome.Pass, result.Outcome);
        Assert.Equal(warningDays, result.Evidence["warningDays"]);
    }

    [Fact]
    public void Parse_WhenEmptyFile_GivesEmptyConfig()
    {
        var config = Config("# nothing yet\n");

        Assert.Empty(config.Suppressions);
        Assert.Empty(config.LevelOverrides);
        Assert.Empty(config.DisabledRules);
        Assert.Null(config.CertificateExpiryWarningDays);
    }

    [Fact]
    public void Parse_WhenSampleFromExamples_ReadsEverySection()
    {
        var path = Path.Combine(Reporting.TestPaths.RepositoryRoot(), "src", "PreflightCheck.Cli", "Examples", ".preflight.yml");

        var config = ConfigFile.Load(path, BuiltInRules.Catalog, ".preflight.yml");

        var suppression = Assert.Single(config.Suppressions);
        Assert.Equal(("PFC-IMG-002", "container *", "vpc-model", new DateOnly(2027, 6, 30)), (suppression.RuleId, suppression.Target, suppression.Model, suppression.Expires));
        Assert.Equal(new SourceLocation(".preflight.yml", 7, 5), suppression.Location);
        Assert.Equal(Level.Warning, config.LevelOverrides["PFC-IMG-005"]);
        Assert.Equal(["PFC-LMB-010"], config.DisabledRules);
        Assert.Equal(21, config.CertificateExpiryWarningDays);
    }

    [Fact]
    public void LoadFor_WhenNoFlagAndDefaultFilePresent_ReadsIt()
    {
        using var temp = new TempFiles();
        temp.Write(".preflight.yml", "tls:\n  expiryWarningDays: 7\n");

        var config = ConfigFile.LoadFor(null, temp.Root, BuiltInRules.Catalog);

        Assert.Equal(".preflight.yml", config.Source);
        Assert.Equal(7, config.CertificateExpiryWarningDays);
    }

    [Fact]
    public void LoadFor_WhenNoFlagAndNoDefaultFile_GivesEmptyConfig()
    {
        using var temp = new TempFiles();

        Assert.Same(PreflightConfig.Empty, ConfigFile.LoadFor(null, temp.Root, BuiltInRules.Catalog));
    }

    [Fact]
    public void LoadFor_WhenFlagNamesAMissingFile_IsAnInputError()
    {
        using var temp = new TempFiles();
        var missing = Path.Combine(temp.Root, "nope.yml");

        var ex = Assert.Throws<Core.InputException>(() => ConfigFile.LoadFor(missing, temp.Root, BuiltInRules.Catalog));

        Assert.Equal($"error: {missing}: file not found", ex.OneLine());
    }

    [Theory]
    [InlineData("*", "anything at all", true)]
    [InlineData("container *", "container ModelContainer", true)]
    [InlineData("container *", "endpoint https://r:443", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*:443", "endpoint https://r:443", true)]
    [InlineData("exact", "Exact", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    public void Glob_WhenMatching_FollowsStarAndQuestionMark(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.Matches(pattern, text));

    private static TlsEndpointFacts EndpointExpiringIn(int days)
    {
        var host = Rules.Registry.RegistryFactsBuilder.Host;
        var now = Rules.Registry.RegistryFactsBuilder.Now;
        TlsCertificateFacts Cert(string subject, string issuer, int left, bool ca) =>
            new($"CN={subject}", $"CN={issuer}", "01AB", now.AddDays(-10), now.AddDays(left), "RSA", 2048, "sha256RSA", ca ? [] : [host], [], new string('A', 64), ca, false);
        return new(host, 5000, TlsEndpointRole.Registry, CollectionStatus.Ok, true, "Tls13", "TLS_AES_256_GCM_SHA384",
            LegacyProtocolResult.Refused, LegacyProtocolResult.Refused,
            [Cert("leaf", "Public Intermediate", days, false), Cert("Public Intermediate", "Public Root", 2000, true)],
            new TlsChainVerdict(true, [], true, null, "mozilla", "CN=Public Root"));
    }
}
