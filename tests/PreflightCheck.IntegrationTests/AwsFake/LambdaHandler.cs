using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>Lambda REST-JSON (2015-03-31): the operation comes from method and path; errors carry x-amzn-ErrorType.</summary>
internal sealed class LambdaHandler(Scenario s) : IAwsProtocolHandler
{
    private const string Prefix = "/2015-03-31/functions/";

    public async Task<AwsRequest> ParseAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new AwsError(404, "UnknownOperationException", "Unknown operation");
        }

        var rest = Uri.UnescapeDataString(path[Prefix.Length..]).TrimEnd('/');
        var (name, operation) = rest switch
        {
            _ when method == "GET" && rest.EndsWith("/policy", StringComparison.Ordinal) => (rest[..^"/policy".Length], "GetPolicy"),
            _ when method == "POST" && rest.EndsWith("/invocations", StringComparison.Ordinal) => (rest[..^"/invocations".Length], "Invoke"),
            _ when method == "GET" && !rest.Contains('/', StringComparison.Ordinal) => (rest, "GetFunction"),
            _ => throw new AwsError(404, "UnknownOperationException", "Unknown operation"),
        };

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["FunctionName"] = name };
        foreach (var (key, value) in context.Request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (operation == "Invoke")
        {
            parameters["InvocationType"] = context.Request.Headers["X-Amz-Invocation-Type"].FirstOrDefault() ?? "RequestResponse";
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            parameters["Payload"] = await reader.ReadToEndAsync(context.RequestAborted);
        }

        return new AwsRequest(operation, parameters);
    }

    public AwsError FaultError(string kind, string operation) => kind switch
    {
        "accessDenied" => new AwsError(403, "AccessDeniedException", $"User: {s.Caller.Arn ?? "arn:aws:iam::" + s.AccountId + ":user/preflight"} is not authorized to perform: lambda:{(operation == "Invoke" ? "InvokeFunction" : operation)} because no identity-based policy allows the action"),
        "throttle" => new AwsError(429, "TooManyRequestsException", "Rate Exceeded."),
        "serverError" => new AwsError(500, "ServiceException", "An internal error occurred."),
        "expiredToken" => new AwsError(403, "ExpiredTokenException", "The security token included in the request is expired"),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    public async Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        context.Response.Headers["x-amzn-RequestId"] = request?.RequestId ?? Guid.NewGuid().ToString();
        var body = new JsonObject { ["Type"] = error.Status >= 500 ? "Service" : "User", ["message"] = error.Message };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private (FunctionSpec Function, string Qualifier) Resolve(AwsRequest r)
    {
        var name = r.Parameters["FunctionName"];
        string? qualifier = r.Get("Qualifier");
        var account = s.AccountId;
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = name.Split(':');
            if (parts.Length < 7 || parts[2] != "lambda" || parts[5] != "function")
            {
                throw new AwsError(400, "ValidationException", $"1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint");
            }

            if (parts[1] != s.Partition || parts[3] != s.Region)
            {
                throw new AwsError(404, "ResourceNotFoundException", $"Function not found: {name}");
            }

            account = parts[4];
            name = parts[6];
            qualifier ??= parts.Length > 7 ? parts[7] : null;
        }

        var function = s.Functions.FirstOrDefault(f => f.Name == name && (f.AccountId ?? s.AccountId) == account)
            ?? throw new AwsError(404, "ResourceNotFoundException", $"Function not found: {s.FunctionArn(name, account)}{(qualifier is null ? "" : ":" + qualifier)}");
        return (function, qualifier ?? "$LATEST");
    }

    public async Task ExecuteAsync(HttpContext context, AwsRequest r)
    {
        var (function, qualifier) = Resolve(r);
        context.Response.Headers["x-amzn-RequestId"] = r.RequestId;
        switch (r.Operation)
        {
            case "GetFunction":
                await WriteJsonAsync(context, new JsonObject
                {
                    ["Configuration"] = Configuration(function, qualifier),
                    ["Code"] = new JsonObject { ["RepositoryType"] = "S3", ["Location"] = "http://127.0.0.1:9/code.zip" },
                    ["Tags"] = new JsonObject(),
                });
                break;
            case "GetPolicy":
                if (function.ResourcePolicy is null)
                {
                    throw new AwsError(404, "ResourceNotFoundException", "The resource you requested does not exist.");
                }

                await WriteJsonAsync(context, new JsonObject { ["Policy"] = JsonNode.Parse(function.ResourcePolicy)!.ToJsonString(), ["RevisionId"] = "00000000-0000-0000-0000-000000000001" });
                break;
            default:
                await InvokeAsync(context, r, function, qualifier);
                break;
        }
    }

    private JsonObject Configuration(FunctionSpec f, string qualifier)
    {
        var configuration = new JsonObject
        {
            ["FunctionName"] = f.Name,
            ["FunctionArn"] = s.FunctionArn(f.Name, f.AccountId) + (qualifier == "$LATEST" ? "" : ":" + qualifier),
            ["Runtime"] = f.Runtime,
            ["Role"] = f.Role ?? $"arn:{s.Partition}:iam::{f.AccountId ?? s.AccountId}:role/{f.Name}-role",
            ["Handler"] = f.Handler,
            ["CodeSize"] = 1024,
            ["Timeout"] = f.Timeout,
            ["MemorySize"] = f.MemorySize,
            ["LastModified"] = "2026-01-01T00:00:00.000+0000",
            ["Version"] = qualifier,
            ["State"] = f.State,
            ["LastUpdateStatus"] = f.LastUpdateStatus,
            ["PackageType"] = "Zip",
            ["Architectures"] = new JsonArray("x86_64"),
        };
        if (f.StateReason is not null)
        {
            configuration["StateReason"] = f.StateReason;
        }

        if (f.Environment.Count > 0)
        {
            var variables = new JsonObject();
            foreach (var (key, value) in f.Environment)
            {
                variables[key] = value;
            }

            configuration["Environment"] = new JsonObject { ["Variables"] = variables };
        }

        if (f.VpcSubnets.Count > 0)
        {
            configuration["VpcConfig"] = new JsonObject
            {
                ["SubnetIds"] = new JsonArray([.. f.VpcSubnets.Select(x => (JsonNode)x)]),
                ["SecurityGroupIds"] = new JsonArray([.. f.VpcSecurityGroups.Select(x => (JsonNode)x)]),
                ["VpcId"] = s.Subnets.FirstOrDefault(x => x.Id == f.VpcSubnets[0])?.VpcId,
            };
        }

        return configuration;
    }

    private async Task InvokeAsync(HttpContext context, AwsRequest r, FunctionSpec f, string qualifier)
    {
        if (f.State != "Active")
        {
            throw new AwsError(409, "ResourceConflictException", $"The operation cannot be performed at this time. The function is currently in the following state: {f.State}");
        }

        var payload = r.Parameters["Payload"];
        if (payload.Length > 0)
        {
            try
            {
                using var _ = JsonDocument.Parse(payload);
            }
            catch (JsonException)
            {
                throw new AwsError(400, "InvalidRequestContentException", "Could not parse request body into json");
            }
        }

        var type = r.Parameters["InvocationType"];
        if (type == "DryRun")
        {
            context.Response.StatusCode = 204;
            return;
        }

        if (type == "Event")
        {
            context.Response.StatusCode = 202;
            return;
        }

        context.Response.Headers["X-Amz-Executed-Version"] = qualifier;
        var invoke = f.Invoke;
        if (invoke.DelayMs > 0)
        {
            await Task.Delay(invoke.DelayMs, context.RequestAborted);
        }

        switch (invoke.Mode)
        {
            case "functionError":
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await WriteJsonAsync(context, new JsonObject
                {
                    ["errorMessage"] = invoke.ErrorMessage ?? "function failed",
                    ["errorType"] = "Exception",
                    ["stackTrace"] = new JsonArray("  File \"/var/task/index.py\", line 1, in handler"),
                });
                break;
            case "timeout":
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await WriteJsonAsync(context, new JsonObject
                {
                    // As Lambda words it: the time the function ran, its timeout or a little over.
                    ["errorMessage"] = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {r.RequestId} Task timed out after {Math.Max(invoke.DelayMs / 1000.0, f.Timeout).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} seconds",
                });
                break;
            case "large":
                await WriteLargeAsync(context, invoke.PayloadBytes);
                break;
            default:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(invoke.Payload, context.RequestAborted);
                break;
        }
    }

    /// <summary>A valid JSON object of exactly <paramref name="bytes"/> bytes, streamed so the fake never holds it twice.</summary>
    private static async Task WriteLargeAsync(HttpContext context, int bytes)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes;
        const string head = "{\"padding\":\"";
        const string tail = "\"}";
        await context.Response.WriteAsync(head, context.RequestAborted);
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        var remaining = bytes - head.Length - tail.Length;
        while (remaining > 0)
        {
            var n = Math.Min(remaining, chunk.Length);
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, n), context.RequestAborted);
            remaining -= n;
        }

        await context.Response.WriteAsync(tail, context.RequestAborted);
    }

    private static Task WriteJsonAsync(HttpContext context, JsonNode node)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(node.ToJsonString(), context.RequestAborted);
    }
}
