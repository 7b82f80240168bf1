using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Collectors.Aws;

/// <summary>
/// The CLI's entry point to AWS. Order of a live check:
/// <list type="number">
/// <item><see cref="Create"/> (fails with an InputException, exit 2, when region or credentials are missing);
/// for --model/--endpoint, read the plan first with <see cref="SageMaker"/> and <c>SageMakerPlanReader</c>, then <see cref="ForPlan"/>.</item>
/// <item>Start <see cref="LambdaCredentialSource.PrefetchAsync"/> (unless --no-invoke) alongside the TLS collector.</item>
/// <item>Run the registry collector with <c>CollectorContext.Credentials = Credentials</c>: it gets the Lambda's username and
/// password from memory and resolves the registry's addresses.</item>
/// <item>Run <see cref="Collector"/> last: the registry's resolved private addresses (or --registry-address) feed the ENI lookup,
/// and the invocation facts are read from the credential source (no second invoke).</item>
/// </list>
/// </summary>
internal sealed class AwsCollection : IDisposable
{
    internal AwsCollection(AwsSession session)
    {
        Session = session;
        Lambda = new LambdaApi(session);
        Iam = new IamApi(session);
        SageMaker = new SageMakerApi(session);
    }

    public AwsSession Session { get; }

    public ILambdaApi Lambda { get; }

    public IIamApi Iam { get; }

    public ISageMakerApi SageMaker { get; }

    public static AwsCollection Create(AwsAccessOptions access) => new(AwsSession.Create(access));

    /// <summary>The collector and the credential source for one plan; <paramref name="options"/> carries the needed FactNeeds.</summary>
    public (AwsCollector Collector, LambdaCredentialSource Credentials) ForPlan(DeploymentPlan plan, AwsCollectionOptions options, TimeSpan? invokeTimeout = null)
    {
        var credentials = new LambdaCredentialSource(Lambda, plan, options.Invoke, invokeTimeout);
        return (new AwsCollector(Session, Lambda, Iam, credentials, options), credentials);
    }

    public void Dispose() => Session.Dispose();
}
