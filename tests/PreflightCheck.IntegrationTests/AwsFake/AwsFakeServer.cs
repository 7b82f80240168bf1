using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>One recorded AWS call. Parameters never include headers, so no credential or token is kept.</summary>
internal sealed record AwsCall(string Service, string Operation, IReadOnlyDictionary<string, string> Parameters, DateTimeOffset At, string AccessKeyId);

/// <summary>An AWS error as a service would return it; each protocol renders it in its own wire shape.</summary>
internal sealed class AwsError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>A request after protocol parsing: the operation name and its flattened parameters.</summary>
internal sealed class AwsRequest(string operation, Dictionary<string, string> parameters)
{
    public string Operation { get; } = operation;
    public Dictionary<string, string> Parameters { get; } = parameters;
    public string RequestId { get; } = Guid.NewGuid().ToString();
}

internal interface IAwsProtocolHandler
{
    Task<AwsRequest> ParseAsync(HttpContext context);

    Task ExecuteAsync(HttpContext context, AwsRequest request);

    Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error);

    AwsError FaultError(string kind, string operation);
}

/// <summary>
/// A wire-level fake of EC2, STS, IAM, Lambda, SageMaker and the SSO portal on 127.0.0.1, driven by a <see cref="Scenario"/>.
/// It routes by the SigV4 credential scope's service name and checks the Authorization header's form, not the signature.
/// </summary>
internal sealed partial class AwsFakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, IAwsProtocolHandler> _handlers;
    private readonly ConcurrentDictionary<FaultSpec, int> _faultHits = new();

    private AwsFakeServer(WebApplication app, Scenario scenario)
    {
        _app = app;
        Scenario = scenario;
        _handlers = new(StringComparer.Ordinal)
        {
            ["ec2"] = new Ec2Handler(scenario),
            ["sts"] = new StsHandler(scenario, Sso),
            ["iam"] = new IamHandler(scenario),
            ["lambda"] = new LambdaHandler(scenario),
            ["sagemaker"] = new SageMakerHandler(scenario),
            [SsoHandler.Service] = Sso,
        };
    }

    public Scenario Scenario { get; }

    /// <summary>The SSO portal: tests grant cached access tokens and read the role credentials it issued.</summary>
    public SsoHandler Sso { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<AwsCall> Calls { get; } = new();

    public static Task<AwsFakeServer> StartAsync(string scenarioName, int? latencyMs = null) =>
        StartAsync(Scenario.Load(scenarioName), latencyMs);

    public static async Task<AwsFakeServer> StartAsync(Scenario scenario, int? latencyMs = null)
    {
        if (latencyMs is not null)
        {
            scenario.LatencyMs = latencyMs.Value;
        }

        AwsFakeServer? server = null;
        var (_, port) = await LoopbackWebServer.StartAsync(
            IPAddress.Loopback,
            web =>
            {
                server = new AwsFakeServer(web, scenario);
                web.Run(server.HandleAsync);
            },
            kestrel: k => k.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        server!.Endpoint = new Uri($"http://127.0.0.1:{port}/");
        return server;
    }

    /// <summary>
    /// Environment for a child process (the CLI) so the AWS SDK's default chains reach this fake and nothing else:
    /// static keys, region, AWS_ENDPOINT_URL, no shared config files and no instance metadata.
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = "AKIDFAKEPREFLIGHTCLI",
        ["AWS_SECRET_ACCESS_KEY"] = "fake-secret-key-for-the-cli",
        ["AWS_REGION"] = Scenario.Region,
        ["AWS_DEFAULT_REGION"] = Scenario.Region,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONFIG_FILE"] = "/nonexistent/preflight-aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/preflight-aws-credentials",
    };

    /// <summary>The access key id of a SigV4-signed request, or null.</summary>
    public static string? AccessKeyOf(HttpContext context) =>
        SigV4().Match(context.Request.Headers.Authorization.ToString()) is { Success: true } m ? m.Groups["key"].Value : null;

    public int CallCount(string service, string operation) =>
        Calls.Count(c => c.Service == service && c.Operation == operation);

    /// <summary>Calls per "service:Operation", for benchmarks and call-budget assertions.</summary>
    public IReadOnlyDictionary<string, int> CallsPerOperation() =>
        Calls.GroupBy(c => c.Service + ":" + c.Operation).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Za-z0-9]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;.-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex SigV4();

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var match = SigV4().Match(authorization);
        var service = match.Success ? match.Groups["service"].Value : GuessService(context);
        if (!_handlers.TryGetValue(service, out var handler))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("unknown service in credential scope");
            return;
        }

        AwsRequest? request = null;
        try
        {
            if (!match.Success && service != SsoHandler.Service)
            {
                throw string.IsNullOrEmpty(authorization)
                    ? new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                    : new AwsError(403, "IncompleteSignature", "Authorization header requires a well-formed AWS4-HMAC-SHA256 Credential, SignedHeaders and Signature.");
            }

            if (match.Success && (!context.Request.Headers.ContainsKey("X-Amz-Date") ||
                !match.Groups["headers"].Value.Split(';').Contains("host")))
            {
                throw new AwsError(403, "IncompleteSignature", "The request must sign host and carry X-Amz-Date.");
            }

            if (match.Success && !Sso.Admits(match.Groups["key"].Value, context.Request.Headers["X-Amz-Security-Token"].FirstOrDefault()))
            {
                throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            }

            request = await handler.ParseAsync(context);
            Calls.Enqueue(new AwsCall(service, request.Operation, request.Parameters, DateTimeOffset.UtcNow, match.Groups["key"].Value));

            var (fault, latency) = NextFault(service, request.Operation);
            latency += Scenario.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            if (fault is not null)
            {
                throw fault.Kind == "error"
                    ? new AwsError(fault.Status ?? 400, fault.Code ?? "InvalidParameterValue", fault.Message ?? "Injected error")
                    : handler.FaultError(fault.Kind, request.Operation);
            }

            await handler.ExecuteAsync(context, request);
        }
        catch (AwsError error)
        {
            if (!context.Response.HasStarted)
            {
                await handler.WriteErrorAsync(context, request, error);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private (FaultSpec? Fault, int LatencyMs) NextFault(string service, string operation)
    {
        FaultSpec? chosen = null;
        var latency = 0;
        foreach (var fault in Scenario.Faults)
        {
            if ((fault.Service != "*" && fault.Service != service) || (fault.Operation != "*" && fault.Operation != operation))
            {
                continue;
            }

            var hits = _faultHits.AddOrUpdate(fault, 1, (_, n) => n + 1);
            if (fault.Times > 0 && hits > fault.Times)
            {
                continue;
            }

            latency += fault.LatencyMs;
            if (fault.Kind != "latency" && chosen is null)
            {
                chosen = fault;
            }
        }

        return (chosen, latency);
    }

    private static string GuessService(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == SsoHandler.CredentialsPath)
        {
            return SsoHandler.Service;
        }

        if (path.StartsWith("/2015-03-31/", StringComparison.Ordinal))
        {
            return "lambda";
        }

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        return target.StartsWith("SageMaker.", StringComparison.Ordinal) ? "sagemaker" : "ec2";
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
