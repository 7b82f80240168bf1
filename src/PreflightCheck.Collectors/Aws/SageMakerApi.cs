using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PreflightCheck.Core.Collectors;

namespace PreflightCheck.Collectors.Aws;

/// <summary>SageMaker's JSON 1.1 API, signed by the SDK: the read calls the plan readers need.</summary>
internal sealed class SageMakerApi(AwsSession session) : ISageMakerApi
{
    public string Region => session.RegionName;

    public async Task<SageMakerModel> DescribeModelAsync(string name, CancellationToken ct)
    {
        using var doc = await CallAsync("DescribeModel", new JsonObject { ["ModelName"] = name }, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        var containers = new List<SageMakerContainer>();
        var primary = AwsWire.Obj(root, "PrimaryContainer");
        if (primary.ValueKind == JsonValueKind.Object)
        {
            containers.Add(Container(primary));
        }

        if (AwsWire.Obj(root, "Containers") is { ValueKind: JsonValueKind.Array } list)
        {
            containers.AddRange(list.EnumerateArray().Select(Container));
        }

        var vpc = AwsWire.Obj(root, "VpcConfig");
        return new SageMakerModel(
            AwsWire.Str(root, "ModelName") ?? name,
            AwsWire.Str(root, "ExecutionRoleArn"),
            containers,
            primary.ValueKind == JsonValueKind.Object,
            vpc.ValueKind == JsonValueKind.Object ? AwsWire.Strings(vpc, "SecurityGroupIds") : null,
            vpc.ValueKind == JsonValueKind.Object ? AwsWire.Strings(vpc, "Subnets") : null,
            AwsWire.Obj(root, "EnableNetworkIsolation").ValueKind == JsonValueKind.True);
    }

    public async Task<SageMakerEndpoint> DescribeEndpointAsync(string name, CancellationToken ct)
    {
        using var doc = await CallAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = name }, ct).ConfigureAwait(false);
        var root = doc.RootElement;
        DateTimeOffset? modified = AwsWire.Obj(root, "LastModifiedTime") is { ValueKind: JsonValueKind.Number } t
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(t.GetDouble() * 1000))
            : null;
        return new SageMakerEndpoint(AwsWire.Str(root, "EndpointName") ?? name, AwsWire.Str(root, "EndpointStatus"),
            AwsWire.Str(root, "FailureReason"), AwsWire.Str(root, "EndpointConfigName"), modified);
    }

    public async Task<IReadOnlyList<SageMakerVariant>> DescribeEndpointConfigAsync(string name, CancellationToken ct)
    {
        using var doc = await CallAsync("DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = name }, ct).ConfigureAwait(false);
        return AwsWire.Obj(doc.RootElement, "ProductionVariants") is { ValueKind: JsonValueKind.Array } variants
            ? variants.EnumerateArray().Select(v => new SageMakerVariant(
                AwsWire.Str(v, "VariantName") ?? "", AwsWire.Str(v, "ModelName"), AwsWire.Str(v, "InstanceType"), AwsWire.Int(v, "InitialInstanceCount"),
                AwsWire.Obj(v, "ServerlessConfig") is { ValueKind: JsonValueKind.Object })).ToArray()
            : [];
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(string? nameContains, CancellationToken ct) =>
        ListAsync("ListModels", "Models", "ModelName", nameContains, ct);

    public Task<IReadOnlyList<string>> ListEndpointsAsync(string? nameContains, CancellationToken ct) =>
        ListAsync("ListEndpoints", "Endpoints", "EndpointName", nameContains, ct);

    private async Task<IReadOnlyList<string>> ListAsync(string operation, string listKey, string nameKey, string? nameContains, CancellationToken ct)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["MaxResults"] = 100 };
            if (nameContains is not null)
            {
                request["NameContains"] = nameContains;
            }

            if (token is not null)
            {
                request["NextToken"] = token;
            }

            using var doc = await CallAsync(operation, request, ct).ConfigureAwait(false);
            if (AwsWire.Obj(doc.RootElement, listKey) is { ValueKind: JsonValueKind.Array } items)
            {
                names.AddRange(items.EnumerateArray().Select(m => AwsWire.Str(m, nameKey)).OfType<string>());
            }

            var next = AwsWire.Str(doc.RootElement, "NextToken");
            token = next is { Length: > 0 } && next != token ? next : null;
        }
        while (token is not null);
        return names;
    }

    private static SageMakerContainer Container(JsonElement c)
    {
        var image = AwsWire.Obj(c, "ImageConfig");
        return new SageMakerContainer(
            AwsWire.Str(c, "ContainerHostname"),
            AwsWire.Str(c, "Image"),
            AwsWire.Str(image, "RepositoryAccessMode"),
            AwsWire.Str(AwsWire.Obj(image, "RepositoryAuthConfig"), "RepositoryCredentialsProviderArn"),
            AwsWire.Str(c, "ModelDataUrl"),
            AwsWire.Str(c, "ModelPackageName"));
    }

    private async Task<JsonDocument> CallAsync(string operation, JsonObject request, CancellationToken ct)
    {
        var region = session.RegionName;
        var endpoint = session.Endpoint("SAGEMAKER") ?? $"https://api.sagemaker.{region}.{AwsWire.DnsSuffix(region)}";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["X-Amz-Target"] = "SageMaker." + operation,
        };
        var response = await session.SendAsync(
            new SignedCall("sagemaker:" + operation, endpoint, "sagemaker", region, "POST", "/", headers, Encoding.UTF8.GetBytes(request.ToJsonString()), AwsWire.JsonError),
            ct).ConfigureAwait(false);
        return JsonDocument.Parse(response.Body);
    }
}
