using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Tests;

/// <summary>Hand-built plans for rule tests: a valid private-registry model that each test bends one way.</summary>
internal static class PlanBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static SourceLocation At(int line, int column = 5) => new("request.json", line, column);

    public static Located<string> L(string value, int line = 1, int column = 5) => new(value, At(line, column));

    public static ContainerPlan Container(
        string image = "registry.example.com/team/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        string? accessMode = "Vpc",
        string? provider = "arn:aws:lambda:us-east-1:123456789012:function:creds",
        string name = "ModelContainer") =>
        new(name, At(3), L(image, 4, 14), accessMode is null ? null : L(accessMode, 6), provider is null ? null : L(provider, 8), null, name);

    public static VpcConfigPlan Vpc(string[]? subnets = null, string[]? groups = null) =>
        new(At(12),
            (groups ?? ["sg-0123456789abcdef0"]).Select((g, i) => L(g, 13, 20 + i)).ToArray(),
            (subnets ?? ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]).Select((s, i) => L(s, 14, 20 + i)).ToArray());

    public static ModelPlan Model(
        ContainerPlan[]? containers = null,
        VpcConfigPlan? vpc = null,
        bool noVpc = false,
        string? role = "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
        string name = "vpc-model",
        VariantPlan[]? variants = null) =>
        new(name, At(2), role is null ? null : L(role, 2), containers ?? [Container()], noVpc ? null : vpc ?? Vpc(), false, variants ?? []);

    public static FactsSnapshot Facts(ModelPlan model, string? region = "us-east-1") =>
        FactsSnapshot.ForPlan(new DeploymentPlan("request.json", region, [model]), Now);

    public static IReadOnlyList<Finding> Evaluate(Rule rule, ModelPlan model, string? region = "us-east-1") =>
        rule.Evaluate(new RuleContext(Facts(model, region), RuleSettings.Default)).ToList();
}
