using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests.Rules.Image;

internal static class ImagePlans
{
    public const string Digest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    public const string PrivateByDigest = "myteam.myorg.com/docker-local/my-inference-image@" + Digest;

    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    public static SourceLocation ImageLocation(int line) => new("request.json", line, 16);

    public static ContainerPlan Container(string name, string? image, int line = 7) =>
        new(name, new SourceLocation("request.json", line - 1, 5), image is null ? null : new Located<string>(image, ImageLocation(line)), null, null, null);

    public static ModelPlan Model(string name, params ContainerPlan[] containers) =>
        new(name, new SourceLocation("request.json", 2, 3), null, containers, null, false, [], Endpoint: "my-endpoint");

    public static DeploymentPlan Plan(params ModelPlan[] models) => new("request.json", "us-east-1", models);

    public static DeploymentPlan Single(string? image) => Plan(Model("my-model", Container("primary", image)));

    public static IReadOnlyList<Finding> Run(Rule rule, DeploymentPlan plan) =>
        rule.Evaluate(new RuleContext(FactsSnapshot.ForPlan(plan, Now), RuleSettings.Default)).ToList();

    public static Finding RunSingle(Rule rule, string? image) => Assert.Single(Run(rule, Single(image)));
}
