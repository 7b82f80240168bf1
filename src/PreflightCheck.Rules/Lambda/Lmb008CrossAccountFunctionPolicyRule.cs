using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Iam;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>PFC-LMB-008: a provider in another account lets the role (or its account) invoke it.</summary>
internal sealed class CrossAccountFunctionPolicyRule : FunctionRule
{
    public override string Id => "PFC-LMB-008";

    protected override Finding JudgeFunction(AwsScope scope, ProviderSubject provider, LambdaFunctionFacts function)
    {
        var role = scope.Model.ExecutionRoleArn?.Value;
        var roleAccount = AwsArn.TryParse(role)?.Account;
        var functionAccount = function.Account ?? provider.Account;
        var evidence = ProviderEvidence(provider, ("functionAccount", functionAccount), ("roleAccount", roleAccount), ("role", role));
        if (role is null || roleAccount is null || functionAccount is null)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Cannot compare the accounts of role '{role}' and provider {provider.Arn.Value}.", evidence, provider.Location);
        }

        if (roleAccount == functionAccount)
        {
            return scope.Finding(Outcome.NotApplicable, provider.Target,
                $"Provider {provider.FunctionName} and role {role} are both in account {roleAccount}; the role's own policy decides (PFC-IAM-002).", evidence, provider.Location);
        }

        if (function.Status.Status == CollectionStatus.NotFound)
        {
            return scope.Finding(Outcome.Unknown, provider.Target, $"Provider {provider.Arn.Value} was not found (PFC-LMB-006), so its policy cannot be read.", evidence, provider.Location);
        }

        var policy = function.Policy;
        if (policy is null || (!policy.Status.IsOk && policy.Status.Status != CollectionStatus.NotFound))
        {
            return scope.Finding(Outcome.Unknown, provider.Target, AwsText.Failed(policy?.Status, $"the resource policy of {provider.FunctionName}", "lambda:GetPolicy"), evidence, provider.Location);
        }

        var granting = policy.Statements.Select((s, i) => (Statement: s, Name: PolicyLogic.Name(s, i)))
            .Where(s => PolicyLogic.IsAllow(s.Statement)
                && PolicyLogic.ActionMatches(s.Statement, "lambda:InvokeFunction")
                && s.Statement.Principals.Count > 0
                && PolicyLogic.PrincipalMatches(s.Statement, role, roleAccount))
            .ToArray();
        evidence["grantingStatements"] = AwsText.List(granting.Select(g => g.Name));
        return granting.Length > 0
            ? scope.Finding(Outcome.Pass, provider.Target,
                $"Provider {provider.FunctionName} (account {functionAccount}) lets role {role} of account {roleAccount} invoke it ({AwsText.List(granting.Select(g => g.Name))}).", evidence, provider.Location)
            : scope.Finding(Outcome.Fail, provider.Target,
                $"Provider {provider.FunctionName} is in account {functionAccount}, but its resource policy does not let role {role} (account {roleAccount}) invoke it: aws lambda add-permission --function-name {provider.UnqualifiedArn} --statement-id sagemaker-{roleAccount} --action lambda:InvokeFunction --principal {role}.",
                evidence, provider.Location);
    }
}
