using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Lambda;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Iam;

/// <summary>PFC-IAM-002: the role may invoke the provider, per container.</summary>
internal sealed class RoleCanInvokeProviderRule : ProviderRule
{
    public override string Id => "PFC-IAM-002";

    public override FactNeeds Needs => FactNeeds.Iam;

    /// <summary>The AmazonSageMakerFullAccess grant covers function names with these, matched case-sensitively.</summary>
    internal static bool MatchesFullAccessPattern(string functionName) =>
        functionName.Contains("SageMaker", StringComparison.Ordinal)
        || functionName.Contains("sagemaker", StringComparison.Ordinal)
        || functionName.Contains("Sagemaker", StringComparison.Ordinal);

    protected override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var role = scope.Model.ExecutionRoleArn?.Value;
        var evidence = ProviderEvidence(provider, ("role", role));
        if (role is null)
        {
            return scope.Finding(Outcome.NotApplicable, provider.Target, $"Model {scope.Name} has no ExecutionRoleArn (PFC-CFG-004).", evidence, provider.Location);
        }

        var simulations = RoleRule.Simulations(scope, role, IamSimulationPurpose.RoleInvokeProvider);
        var simulation = simulations.FirstOrDefault(s => s.Resource == provider.Arn.Value) ?? (simulations.Count == 1 ? simulations[0] : null);
        if (simulation is null || !simulation.Status.IsOk || simulation.Decision is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, AwsText.Failed(simulation?.Status, $"the simulation of lambda:InvokeFunction for {role}", "iam:SimulatePrincipalPolicy"), evidence, provider.Location);
        }

        var statements = RoleRule.Statements(simulation);
        evidence["decision"] = simulation.Decision;
        evidence["matchedStatements"] = statements;
        var viaFullAccess = simulation.MatchedStatements?.Any(m => m.SourcePolicyId.Contains("AmazonSageMakerFullAccess", StringComparison.Ordinal)) == true;
        var hasFullAccess = viaFullAccess || scope.Aws.Roles.FirstOrDefault(r => r.Arn == role)?.Policies?.Any(p => p.Name == "AmazonSageMakerFullAccess") == true;
        var nameMatches = MatchesFullAccessPattern(provider.FunctionName);
        if (simulation.Decision == "allowed")
        {
            return scope.Finding(Outcome.Pass, provider.Target,
                viaFullAccess && simulation.MatchedStatements!.All(m => m.SourcePolicyId.Contains("AmazonSageMakerFullAccess", StringComparison.Ordinal))
                    ? $"Role {role} may invoke {provider.FunctionName} only through AmazonSageMakerFullAccess, which covers function names containing SageMaker, sagemaker or Sagemaker (case-sensitive): renaming the function breaks it. Add an explicit statement for this function. {RoleRule.SimulationCaveat}"
                    : $"Role {role} may invoke {provider.FunctionName}, granted by {statements}. {RoleRule.SimulationCaveat}",
                evidence, provider.Location);
        }

        var fullAccessNote = hasFullAccess && !nameMatches
            ? $" The role has AmazonSageMakerFullAccess, but that policy covers only functions whose names contain SageMaker, sagemaker or Sagemaker (case-sensitive), and '{provider.FunctionName}' does not."
            : "";
        return scope.Finding(Outcome.Fail, provider.Target,
            $"Role {role} may not invoke {provider.FunctionName} ({simulation.Decision}{(simulation.Decision == "explicitDeny" ? $" by {statements}" : "")}): SageMaker would get no registry credentials.{fullAccessNote} Add a statement allowing lambda:InvokeFunction on {provider.UnqualifiedArn} and {provider.UnqualifiedArn}:*.",
            evidence, provider.Location);
    }
}
