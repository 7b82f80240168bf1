using System.Text;
using ApprovalTests;
using ApprovalTests.Reporters;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Reports;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.Templates;
using PreflightCheck.Reporting;
using PreflightCheck.Rules;
using static PreflightCheck.Tests.Inputs.Templates.TemplateTestFiles;

namespace PreflightCheck.Tests.Inputs.Templates;

public sealed class TemplateReportTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Sarif_WhenTemplateValueIsUnresolved_AnnotatesItsTemplateLine()
    {
        var path = Example("two-models.cfn.yaml");
        var plan = TemplateInput.Read(path, null, null);

        var log = SarifReporter.Build(Report(plan));

        var result = Assert.Single(log.Runs[0].Results, r => r.RuleId == "PFC-CFG-003" && r.Properties.Model == "ranker-prod");
        Assert.Equal("open", result.Kind);
        var physical = Assert.Single(result.Locations).PhysicalLocation!;
        var (line, column) = Find(path, "!Sub \"arn:${AWS::Partition}:lambda");
        Assert.Equal((line, column), (physical.Region!.StartLine, physical.Region.StartColumn));
        Assert.EndsWith("two-models.cfn.yaml", physical.ArtifactLocation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_WhenTemplateImageFails_AnnotatesTheImageLine()
    {
        var path = _files.Write("t.yaml", """
            Parameters:
              Tag: { Type: String, Default: latest }
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  PrimaryContainer:
                    Image: !Sub "registry.example.com/team/model:${Tag}"
            """);

        var log = SarifReporter.Build(Report(TemplateInput.Read(path, Region, Account)));

        var result = Assert.Single(log.Runs[0].Results, r => r.RuleId == "PFC-IMG-002");
        Assert.Equal("fail", result.Kind);
        Assert.Equal((8, 16), (result.Locations[0].PhysicalLocation!.Region!.StartLine, result.Locations[0].PhysicalLocation!.Region!.StartColumn));
    }

    [Fact]
    public void Facts_WhenParameterIsNoEcho_NeverCarryItsDefault()
    {
        var path = _files.Write("t.yaml", """
            Parameters:
              RegistryPassword: { Type: String, NoEcho: true, Default: hunter2-do-not-print }
            Resources:
              Model:
                Type: AWS::SageMaker::Model
                Properties:
                  PrimaryContainer:
                    Image: !Sub "registry.example.com/team/model:${RegistryPassword}"
            """);
        var plan = TemplateInput.Read(path, Region, Account);

        var facts = FactsJson.Serialize(FactsSnapshot.ForPlan(plan, Now));
        var report = Report(plan);

        Assert.Contains("RegistryPassword", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", facts, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Results, r => r.Message.Contains("hunter2", StringComparison.Ordinal) || r.Evidence.Values.Any(v => v.Contains("hunter2", StringComparison.Ordinal)));
    }

    [Fact]
    [UseReporter(typeof(QuietReporter))]
    public void StaticRules_WhenRunOverTheExampleTemplates_GiveTheseResults()
    {
        var text = new StringBuilder();
        foreach (var (name, region, account) in new[]
                 {
                     ("two-models.cfn.yaml", (string?)Region, (string?)Account),
                     ("two-models.cfn.yaml", null, null),
                     ("vpc-model.cfn.json", Region, Account),
                     ("sagemaker.tfplan.json", null, null),
                 })
        {
            var path = Example(name);
            var plan = TemplateInput.Read(path, region, account);
            text.Append($"== {name} region={region ?? "-"} account={account ?? "-"} plan.region={plan.Region ?? "-"}\n");
            foreach (var model in plan.Models)
            {
                text.Append($"model {model.Name} endpoint={model.Endpoint ?? "-"} variants={string.Join(",", model.Variants.Select(v => $"{v.VariantName}:{v.InstanceType?.Value}x{v.InitialInstanceCount}"))}\n");
                foreach (var open in model.Unresolved ?? [])
                {
                    text.Append($"  unresolved {open.Field} = {open.Expression} @ {At(open.Location, path)}\n");
                }
            }

            foreach (var result in Report(plan).Results)
            {
                text.Append($"{result.RuleId} {ReportText.Name(result.Outcome)} {result.Model} / {result.Target} @ {At(result.Location, path)}\n");
                text.Append($"  {result.Message.Replace(path, name, StringComparison.Ordinal)}\n");
            }
        }

        Approvals.Verify(text.ToString());
    }

    private static string At(SourceLocation? location, string path) =>
        location is null ? "-" : location.File == path ? $"{location.Line}:{location.Column}" : $"{location.File}:{location.Line}:{location.Column}";

    private static Report Report(DeploymentPlan plan) =>
        new Judge(BuiltInRules.CreateEngine(), new ToolInfo("preflight", "0.0.0")).Run(FactsSnapshot.ForPlan(plan, Now), new RuleSelection(offline: true));
}
