using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>SageMaker JSON 1.1: POST / with X-Amz-Target SageMaker.Op; errors are 400 with a __type body.</summary>
internal sealed class SageMakerHandler(Scenario s) : IAwsProtocolHandler
{
    private const double Created = 1767225600; // 2026-01-01T00:00:00Z, as SageMaker's epoch-seconds timestamps

    public async Task<AwsRequest> ParseAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (context.Request.Method != "POST" || !target.StartsWith("SageMaker.", StringComparison.Ordinal))
        {
            throw new AwsError(400, "UnknownOperationException", "Unknown operation");
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json)
            {
                foreach (var (key, value) in json)
                {
                    parameters[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";
                }
            }
        }
        catch (JsonException)
        {
            throw new AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
        }

        return new AwsRequest(target["SageMaker.".Length..], parameters);
    }

    public AwsError FaultError(string kind, string operation) => kind switch
    {
        "accessDenied" => new AwsError(400, "AccessDeniedException", $"User: {s.Caller.Arn ?? "arn:aws:iam::" + s.AccountId + ":user/preflight"} is not authorized to perform: sagemaker:{operation} because no identity-based policy allows the sagemaker:{operation} action"),
        "throttle" => new AwsError(400, "ThrottlingException", "Rate exceeded"),
        "serverError" => new AwsError(500, "InternalFailure", "An internal error occurred."),
        "expiredToken" => new AwsError(400, "ExpiredTokenException", "The security token included in the request is expired"),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    public async Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = request?.RequestId ?? Guid.NewGuid().ToString();
        await context.Response.WriteAsync(new JsonObject { ["__type"] = error.Code, ["Message"] = error.Message }.ToJsonString(), context.RequestAborted);
    }

    public async Task ExecuteAsync(HttpContext context, AwsRequest r)
    {
        JsonObject result = r.Operation switch
        {
            "DescribeModel" => DescribeModel(r),
            "DescribeEndpoint" => DescribeEndpoint(r),
            "DescribeEndpointConfig" => DescribeEndpointConfig(r),
            "ListModels" => List(r, "Models", s.Models, m => m.Name, m => new JsonObject
            {
                ["ModelName"] = m.Name,
                ["ModelArn"] = s.SageMakerArn("model", m.Name),
                ["CreationTime"] = Created,
            }),
            "ListEndpoints" => List(r, "Endpoints", s.Endpoints, e => e.Name, e => new JsonObject
            {
                ["EndpointName"] = e.Name,
                ["EndpointArn"] = s.SageMakerArn("endpoint", e.Name),
                ["CreationTime"] = Created,
                ["LastModifiedTime"] = Created + 600,
                ["EndpointStatus"] = e.Status,
            }),
            _ => throw new AwsError(400, "UnknownOperationException", $"Unknown operation {r.Operation}"),
        };
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = r.RequestId;
        await context.Response.WriteAsync(result.ToJsonString(), context.RequestAborted);
    }

    private static string Name(AwsRequest r, string key) =>
        r.Get(key) ?? throw new AwsError(400, "ValidationException", $"1 validation error detected: Value null at '{char.ToLowerInvariant(key[0])}{key[1..]}' failed to satisfy constraint: Member must not be null");

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private JsonObject DescribeModel(AwsRequest r)
    {
        var name = Name(r, "ModelName");
        var model = s.Models.FirstOrDefault(m => m.Name == name)
            ?? throw new AwsError(400, "ValidationException", $"Could not find model \"{s.SageMakerArn("model", name)}\".");
        var imageConfig = new JsonObject { ["RepositoryAccessMode"] = model.RepositoryAccessMode };
        if (model.CredentialsProviderArn is not null)
        {
            imageConfig["RepositoryAuthConfig"] = new JsonObject { ["RepositoryCredentialsProviderArn"] = model.CredentialsProviderArn };
        }

        var container = new JsonObject { ["Image"] = model.Image, ["ImageConfig"] = imageConfig, ["Mode"] = "SingleModel" };
        if (model.ModelDataUrl is not null)
        {
            container["ModelDataUrl"] = model.ModelDataUrl;
        }
        if (model.Environment.Count > 0)
        {
            var environment = new JsonObject();
            foreach (var (key, value) in model.Environment)
            {
                environment[key] = value;
            }

            container["Environment"] = environment;
        }

        var result = new JsonObject
        {
            ["ModelName"] = model.Name,
            ["PrimaryContainer"] = container,
            ["ExecutionRoleArn"] = model.ExecutionRole,
            ["CreationTime"] = Created,
            ["ModelArn"] = s.SageMakerArn("model", model.Name),
            ["EnableNetworkIsolation"] = model.NetworkIsolation,
            ["DeploymentRecommendation"] = new JsonObject { ["RecommendationStatus"] = "NOT_APPLICABLE" },
        };
        if (model.Subnets.Count > 0 || model.SecurityGroups.Count > 0)
        {
            result["VpcConfig"] = new JsonObject { ["SecurityGroupIds"] = Array(model.SecurityGroups), ["Subnets"] = Array(model.Subnets) };
        }

        return result;
    }

    private JsonObject DescribeEndpoint(AwsRequest r)
    {
        var name = Name(r, "EndpointName");
        var endpoint = s.Endpoints.FirstOrDefault(e => e.Name == name)
            ?? throw new AwsError(400, "ValidationException", $"Could not find endpoint \"{s.SageMakerArn("endpoint", name)}\".");
        var config = s.EndpointConfigs.FirstOrDefault(c => c.Name == endpoint.Config);
        var result = new JsonObject
        {
            ["EndpointName"] = endpoint.Name,
            ["EndpointArn"] = s.SageMakerArn("endpoint", endpoint.Name),
            ["EndpointConfigName"] = endpoint.Config,
            ["EndpointStatus"] = endpoint.Status,
            ["CreationTime"] = Created,
            ["LastModifiedTime"] = Created + 600,
        };
        if (config is not null && endpoint.Status == "InService")
        {
            result["ProductionVariants"] = new JsonArray([.. config.Variants.Select(v => (JsonNode)new JsonObject
            {
                ["VariantName"] = v.Name,
                ["CurrentWeight"] = 1.0,
                ["DesiredWeight"] = 1.0,
                ["CurrentInstanceCount"] = v.Count,
                ["DesiredInstanceCount"] = v.Count,
            })]);
        }

        if (endpoint.FailureReason is not null)
        {
            result["FailureReason"] = endpoint.FailureReason;
        }

        return result;
    }

    private JsonObject DescribeEndpointConfig(AwsRequest r)
    {
        var name = Name(r, "EndpointConfigName");
        var config = s.EndpointConfigs.FirstOrDefault(c => c.Name == name)
            ?? throw new AwsError(400, "ValidationException", $"Could not find endpoint configuration \"{s.SageMakerArn("endpoint-config", name)}\".");
        return new JsonObject
        {
            ["EndpointConfigName"] = config.Name,
            ["EndpointConfigArn"] = s.SageMakerArn("endpoint-config", config.Name),
            ["ProductionVariants"] = new JsonArray([.. config.Variants.Select(v => (JsonNode)(v.ServerlessMemory is { } memory
                ? new JsonObject
                {
                    ["VariantName"] = v.Name,
                    ["ModelName"] = v.Model,
                    ["InitialVariantWeight"] = 1.0,
                    ["ServerlessConfig"] = new JsonObject { ["MemorySizeInMB"] = memory, ["MaxConcurrency"] = 5 },
                }
                : new JsonObject
                {
                    ["VariantName"] = v.Name,
                    ["ModelName"] = v.Model,
                    ["InitialInstanceCount"] = v.Count,
                    ["InstanceType"] = v.InstanceType,
                    ["InitialVariantWeight"] = 1.0,
                }))]),
            ["CreationTime"] = Created,
        };
    }

    private JsonObject List<T>(AwsRequest r, string key, IEnumerable<T> items, Func<T, string> name, Func<T, JsonObject> summary)
    {
        var size = Math.Min(s.PageSize, r.Get("MaxResults") is { } max ? int.Parse(max, System.Globalization.CultureInfo.InvariantCulture) : 100);
        var offset = 0;
        if (r.Get("NextToken") is { Length: > 0 } token && !int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), out offset))
        {
            throw new AwsError(400, "ValidationException", "Invalid pagination token");
        }

        var matching = items.Where(i => r.Get("NameContains") is not { } part || name(i).Contains(part, StringComparison.OrdinalIgnoreCase)).ToList();
        var result = new JsonObject { [key] = new JsonArray([.. matching.Skip(offset).Take(size).Select(i => (JsonNode)summary(i))]) };
        if (offset + size < matching.Count)
        {
            result["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }
}
