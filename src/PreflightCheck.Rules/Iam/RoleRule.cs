using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

/// <summary>The IAM rules judged per model on its execution role.</summary>
internal abstract class RoleRule : AwsRule
{
    public override FactNeeds Needs => FactNeeds.Iam;

    protected override string? NotApplicable(ModelPlan model) =>
        model.ExecutionRoleArn is null ? $"Model {model.Name} has no ExecutionRoleArn (PFC-CFG-004 reports it)." : null;

    protected override string ModelTarget(ModelPlan model) => $"role {model.ExecutionRoleArn?.Value}";

    protected sealed override IEnumerable<Finding> Judge(AwsScope scope)
    {
        var role = scope.Model.ExecutionRoleArn!;
        yield return JudgeRole(scope, role.Value, $"role {role.Value}", role.Location ?? scope.Model.Location);
    }

    protected abstract Finding JudgeRole(AwsScope scope, string role, string target, SourceLocation? location);

    internal static IReadOnlyList<IamSimulationFacts> Simulations(AwsScope scope, string principal, IamSimulationPurpose purpose) =>
        scope.Aws.Simulations.Where(s => s.PrincipalArn == principal && s.Purpose == purpose).ToArray();

    internal static string Statements(IamSimulationFacts simulation) =>
        simulation.MatchedStatements is { Count: > 0 } matched ? AwsText.List(matched.Select(m => $"{m.SourcePolicyId}{(m.SourcePolicyType is null ? "" : $" ({m.SourcePolicyType})")}")) : "no statement";

    internal const string SimulationCaveat = "The simulation covers the identity's own policies; a service control policy or permissions boundary can still deny.";
}
