using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>Rules over the provider's invocation.</summary>
internal abstract class InvocationRule : ProviderRule
{
    public override FactNeeds Needs => FactNeeds.LambdaInvoke;

    protected sealed override Finding JudgeProvider(AwsScope scope, ProviderSubject provider)
    {
        var invocation = scope.Aws.Invocations.FirstOrDefault(i => i.Arn == provider.Arn.Value);
        if (invocation is null || invocation.Status.Status == CollectionStatus.Skipped)
        {
            return scope.Finding(Outcome.Unknown, provider.Target,
                $"Provider {provider.FunctionName} was not invoked ({invocation?.Status.Message ?? "--no-invoke, or the invocation was not collected"}), so its response cannot be judged.",
                ProviderEvidence(provider), provider.Location);
        }

        return JudgeInvocation(scope, provider, invocation);
    }

    protected abstract Finding JudgeInvocation(AwsScope scope, ProviderSubject provider, LambdaInvocationFacts invocation);
}
