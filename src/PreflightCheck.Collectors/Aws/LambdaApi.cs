using System.Text.Json;
using PreflightCheck.Core.Aws;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Aws;

/// <summary>Lambda's REST-JSON API (2015-03-31), signed by the SDK, for GetFunction, GetPolicy and Invoke.</summary>
internal sealed class LambdaApi(AwsSession session) : ILambdaApi
{
    public async Task<LambdaFunctionInfo> GetFunctionAsync(string functionArn, CancellationToken ct)
    {
        var response = await session.SendAsync(Call("lambda:GetFunction", functionArn, "GET", "", null), ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(response.Body);
        var configuration = AwsWire.Obj(doc.RootElement, "Configuration");
        var variables = AwsWire.Obj(AwsWire.Obj(configuration, "Environment"), "Variables");
        var environment = variables.ValueKind == JsonValueKind.Object
            ? variables.EnumerateObject().Select(p => new LambdaEnvironmentVariable(p.Name, EnvironmentValues.Classify(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))).OrderBy(v => v.Name, StringComparer.Ordinal).ToArray()
            : [];
        return new LambdaFunctionInfo(
            AwsWire.Str(configuration, "FunctionName") ?? functionArn,
            AwsWire.Str(configuration, "FunctionArn") ?? functionArn,
            AwsWire.Str(configuration, "State"),
            AwsWire.Str(configuration, "StateReason"),
            AwsWire.Str(configuration, "LastUpdateStatus"),
            AwsWire.Int(configuration, "Timeout"),
            AwsWire.Str(configuration, "Runtime"),
            environment);
    }

    public async Task<string?> GetPolicyAsync(string functionArn, CancellationToken ct)
    {
        try
        {
            var response = await session.SendAsync(Call("lambda:GetPolicy", functionArn, "GET", "/policy", null), ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(response.Body);
            return AwsWire.Str(doc.RootElement, "Policy");
        }
        catch (AwsApiException ex) when (ex.Status.Status == CollectionStatus.NotFound && ex.Code == "ResourceNotFoundException")
        {
            // A function without a resource policy answers ResourceNotFoundException here; GetFunction already proved it exists.
            return null;
        }
    }

    public async Task<LambdaInvokeResult> InvokeAsync(string functionArn, byte[] payload, long maxResponseBytes, CancellationToken ct)
    {
        var call = Call("lambda:InvokeFunction", functionArn, "POST", "/invocations", payload) with { MaxResponseBytes = maxResponseBytes };
        var response = await session.SendAsync(call, ct).ConfigureAwait(false);
        var functionError = response.Headers.TryGetValue("X-Amz-Function-Error", out var error) ? error : null;
        return new LambdaInvokeResult(response.StatusCode, functionError, response.TooLarge ? null : response.Body,
            response.TooLarge ? maxResponseBytes : response.Body.Length, response.TooLarge, response.Latency);
    }

    private SignedCall Call(string action, string functionArn, string method, string suffix, byte[]? body)
    {
        var region = AwsArn.TryParse(functionArn) is { Region.Length: > 0 } arn ? arn.Region : session.RegionName;
        var endpoint = session.Endpoint("LAMBDA") ?? $"https://lambda.{region}.{AwsWire.DnsSuffix(region)}";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Accept"] = "application/json" };
        if (body is not null)
        {
            headers["Content-Type"] = "application/json";
            headers["X-Amz-Invocation-Type"] = "RequestResponse";
        }

        var path = "/2015-03-31/functions/{FunctionName}" + suffix;
        return new SignedCall(action, endpoint, "lambda", region, method, path, headers, body, AwsWire.JsonError,
            PathResources: new Dictionary<string, string> { ["{FunctionName}"] = functionArn });
    }
}

/// <summary>Says what an environment value is without keeping it.</summary>
internal static class EnvironmentValues
{
    public static EnvValueKind Classify(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return EnvValueKind.Empty;
        }

        var v = value.Trim();
        if (v.StartsWith("arn:", StringComparison.Ordinal)
            || v.StartsWith("{{resolve:", StringComparison.Ordinal)
            || (v.StartsWith('/') && !v.Contains(' ', StringComparison.Ordinal) && v.Length > 1)
            || v.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase)
            || v.StartsWith("secretsmanager:", StringComparison.OrdinalIgnoreCase))
        {
            return EnvValueKind.Reference;
        }

        return EnvValueKind.Literal;
    }
}
