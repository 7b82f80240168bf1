using System.Collections.Concurrent;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Inputs.SageMaker;

/// <summary>
/// <c>--model NAME</c> and <c>--endpoint NAME</c>: the plan as SageMaker holds it. A missing model or endpoint is an
/// <see cref="InputException"/> (one line, exit 2); access problems too, naming the action.
/// </summary>
internal sealed class SageMakerPlanReader(ISageMakerApi api)
{
    public async Task<DeploymentPlan> ReadModelAsync(string name, CancellationToken ct)
    {
        var model = await Call(() => api.DescribeModelAsync(name, ct), $"model '{name}'").ConfigureAwait(false);
        return new DeploymentPlan($"sagemaker:model/{name}", api.Region, [ToPlan(model, [], null)]);
    }

    /// <summary>
    /// Every model in the region (<c>scan</c>): ListModels followed page by page, then DescribeModel for each with at most
    /// <paramref name="concurrency"/> calls in flight; <paramref name="progress"/> hears each model read.
    /// </summary>
    public async Task<DeploymentPlan> ReadAllModelsAsync(string? nameContains, int concurrency, IProgress<(int Done, int Total)>? progress, CancellationToken ct,
        Action<string>? vanished = null)
    {
        var names = await Call(() => api.ListModelsAsync(nameContains, ct), "the model list").ConfigureAwait(false);
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        var done = 0;
        var read = await Task.WhenAll(names.Distinct(StringComparer.Ordinal).Select(async name =>
        {
            try
            {
                return await Gated(gate, () => Listed(() => api.DescribeModelAsync(name, ct), $"model '{name}'", vanished), ct).ConfigureAwait(false);
            }
            finally
            {
                progress?.Report((Interlocked.Increment(ref done), names.Count));
            }
        })).ConfigureAwait(false);
        var models = read.OfType<SageMakerModel>().ToArray();
        if (models.Length == 0)
        {
            throw NoneFound("model", nameContains);
        }

        return new DeploymentPlan($"sagemaker:{api.Region}", api.Region, models.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => ToPlan(m, [], null)).ToArray());
    }

    /// <summary>The endpoint's models with their variants, and the endpoint's status for <c>diagnose</c>.</summary>
    public async Task<(DeploymentPlan Plan, EndpointStatusFacts Status)> ReadEndpointAsync(string name, CancellationToken ct)
    {
        var endpoint = await Call(() => api.DescribeEndpointAsync(name, ct), $"endpoint '{name}'").ConfigureAwait(false);
        var status = new EndpointStatusFacts(endpoint.Name, AwsStatus.Ok, endpoint.Status, endpoint.FailureReason, endpoint.EndpointConfigName, endpoint.LastModifiedTime);
        if (endpoint.EndpointConfigName is null)
        {
            throw new InputException($"endpoint '{name}' in {api.Region} names no endpoint config");
        }

        var variants = await Call(() => api.DescribeEndpointConfigAsync(endpoint.EndpointConfigName, ct), $"endpoint config '{endpoint.EndpointConfigName}'").ConfigureAwait(false);
        var modelNames = variants.Select(v => v.ModelName).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var models = await Task.WhenAll(modelNames.Select(m => Call(() => api.DescribeModelAsync(m, ct), $"model '{m}' (variant of endpoint '{name}')"))).ConfigureAwait(false);
        return (new DeploymentPlan($"sagemaker:endpoint/{name}", api.Region, EndpointPlans(endpoint.Name, variants, models)), status);
    }

    /// <summary>
    /// Every endpoint in the region (<c>scan --endpoints</c>): ListEndpoints, then DescribeEndpoint for each; an endpoint
    /// config or a model shared by several endpoints is read once. At most <paramref name="concurrency"/> calls in flight.
    /// </summary>
    public async Task<(DeploymentPlan Plan, IReadOnlyList<EndpointStatusFacts> Endpoints)> ReadAllEndpointsAsync(
        string? nameContains, int concurrency, IProgress<(int Done, int Total)>? progress, CancellationToken ct, Action<string>? vanished = null)
    {
        var names = (await Call(() => api.ListEndpointsAsync(nameContains, ct), "the endpoint list").ConfigureAwait(false)).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            throw NoneFound("endpoint", nameContains);
        }

        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));

        var configs = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<SageMakerVariant>>>>(StringComparer.Ordinal);
        var models = new ConcurrentDictionary<string, Lazy<Task<SageMakerModel>>>(StringComparer.Ordinal);
        var done = 0;
        var read = await Task.WhenAll(names.Select(async name =>
        {
            try
            {
                var endpoint = await Gated(gate, () => Listed(() => api.DescribeEndpointAsync(name, ct), $"endpoint '{name}'", vanished), ct).ConfigureAwait(false);
                if (endpoint is null)
                {
                    return default;
                }

                IReadOnlyList<SageMakerVariant> variants = endpoint.EndpointConfigName is not { } configName ? [] : await configs.GetOrAdd(configName,
                    c => new(() => Gated(gate, () => Call(() => api.DescribeEndpointConfigAsync(c, ct), $"endpoint config '{c}'"), ct))).Value.ConfigureAwait(false);
                var used = await Task.WhenAll(variants.Select(v => v.ModelName).OfType<string>().Distinct(StringComparer.Ordinal).Select(m => models.GetOrAdd(m,
                    n => new(() => Gated(gate, () => Call(() => api.DescribeModelAsync(n, ct), $"model '{n}' (variant of endpoint '{name}')"), ct))).Value)).ConfigureAwait(false);
                return (Endpoint: endpoint, Plans: EndpointPlans(endpoint.Name, variants, used));
            }
            finally
            {
                progress?.Report((Interlocked.Increment(ref done), names.Length));
            }
        })).ConfigureAwait(false);

        var ordered = read.Where(r => r.Endpoint is not null).OrderBy(r => r.Endpoint.Name, StringComparer.Ordinal).ToArray();
        return (new DeploymentPlan($"sagemaker:{api.Region}/endpoints", api.Region, ordered.SelectMany(r => r.Plans).ToArray()),
            ordered.Select(r => new EndpointStatusFacts(r.Endpoint.Name, AwsStatus.Ok, r.Endpoint.Status, r.Endpoint.FailureReason, r.Endpoint.EndpointConfigName, r.Endpoint.LastModifiedTime)).ToArray());
    }

    private static ModelPlan[] EndpointPlans(string endpoint, IReadOnlyList<SageMakerVariant> variants, IEnumerable<SageMakerModel> models) =>
        models.Select(m => ToPlan(m,
            variants.Where(v => v.ModelName == m.Name).Select(v => new VariantPlan(v.VariantName, v.ModelName,
                v.InstanceType is null ? null : new Located<string>(v.InstanceType, null), v.InitialInstanceCount, null, v.Serverless ? new ServerlessPlan(null) : null)).ToArray(),
            endpoint)).ToArray();

    internal static ModelPlan ToPlan(SageMakerModel model, IReadOnlyList<VariantPlan> variants, string? endpoint)
    {
        static Located<string>? L(string? value) => value is null ? null : new Located<string>(value, null);
        var containers = model.Containers.Select((c, i) => new ContainerPlan(
            c.ContainerHostname ?? (model.PrimaryContainer && i == 0 ? "PrimaryContainer" : $"Containers[{(model.PrimaryContainer ? i - 1 : i)}]"),
            null, L(c.Image), L(c.RepositoryAccessMode), L(c.CredentialsProviderArn), L(c.ModelDataUrl), c.ContainerHostname, L(c.ModelPackageName))).ToArray();
        var vpc = model.Subnets is null && model.SecurityGroupIds is null
            ? null
            : new VpcConfigPlan(null,
                (model.SecurityGroupIds ?? []).Select(s => new Located<string>(s, null)).ToArray(),
                (model.Subnets ?? []).Select(s => new Located<string>(s, null)).ToArray());
        return new ModelPlan(model.Name, null, L(model.ExecutionRoleArn), containers, vpc, model.EnableNetworkIsolation, variants, endpoint);
    }

    /// <summary>
    /// A scanned item that was listed but is gone when described (deleted in between) is skipped and named, so one
    /// deletion during a long scan does not throw away the rest; every other error still stops the scan.
    /// </summary>
    private Task<T?> Listed<T>(Func<Task<T>> call, string what, Action<string>? vanished)
        where T : class =>
        Call<T?>(async () =>
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AwsApiException ex) when (ex.Status.Status == CollectionStatus.NotFound)
            {
                vanished?.Invoke($"{what} was listed but no longer exists in {api.Region}; skipped");
                return null;
            }
        }, what);

    private static async Task<T> Gated<T>(SemaphoreSlim gate, Func<Task<T>> call, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private InputException NoneFound(string kind, string? nameContains) =>
        new($"no SageMaker {kind}{(nameContains is null ? "" : $" whose name contains '{nameContains}'")} in {api.Region}");

    private async Task<T> Call<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AwsApiException ex) when (ex.Status.Status == CollectionStatus.NotFound)
        {
            throw new InputException($"{what} not found in {api.Region}");
        }
        catch (AwsApiException ex)
        {
            throw new InputException($"could not read {what} from SageMaker in {api.Region}: {ex.Status.Message}");
        }
    }
}
