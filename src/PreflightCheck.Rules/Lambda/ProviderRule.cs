using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Rules.Network;

namespace PreflightCheck.Rules.Lambda;

/// <summary>A container that names a credentials provider, with the provider's ARN as written.</summary>
internal sealed record ProviderSubject(ContainerPlan Container, Located<string> Arn)
{
    public string Target => $"container {Container.Name}";

    public SourceLocation? Location => Arn.Location ?? Container.Location;

    /// <summary>The function ARN without version or alias.</summary>
    public string UnqualifiedArn
    {
        get
        {
            var parts = Arn.Value.Split(':');
            return parts.Length > 7 ? string.Join(':', parts.Take(7)) : Arn.Value;
        }
    }

    public string FunctionName => Arn.Value.Split(':') is { Length: >= 7 } parts ? parts[6] : Arn.Value;

    public string? Account => AwsArn.TryParse(Arn.Value)?.Account;
}

/// <summary>
/// The rules about the credentials provider: one finding per container; a container without RepositoryAuthConfig
/// is notApplicable.
/// </summary>
internal abstract class ProviderRule : AwsRule
{
    protected override string? NotApplicable(ModelPlan model) =>
        model.Containers.Any(c => c.CredentialsProviderArn is not null)
            ? null
            : $"No container of model {model.Name} has RepositoryAuthConfig, so no credentials provider is called.";

    protected sealed override IEnumerable<Finding> Judge(AwsScope scope)
    {
        foreach (var container in scope.Model.Containers)
        {
            if (container.CredentialsProviderArn is null)
            {
                yield return scope.Finding(Outcome.NotApplicable, $"container {container.Name}",
                    $"Container {container.Name} has no RepositoryAuthConfig, so no credentials provider is called.", location: container.Location);
                continue;
            }

            yield return JudgeProvider(scope, new ProviderSubject(container, container.CredentialsProviderArn));
        }
    }

    protected abstract Finding JudgeProvider(AwsScope scope, ProviderSubject provider);

    protected static Dictionary<string, string> ProviderEvidence(ProviderSubject provider, params (string Key, string? Value)[] more)
    {
        var evidence = Evidence(more);
        evidence["provider"] = provider.Arn.Value;
        return evidence;
    }
}
