using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>STS and IAM share the query/XML protocol with an ErrorResponse envelope; this base renders both.</summary>
internal abstract class QueryXmlHandler(XNamespace ns) : IAwsProtocolHandler
{
    protected XNamespace Ns { get; } = ns;

    public Task<AwsRequest> ParseAsync(HttpContext context) => Query.ParseAsync(context);

    public abstract Task ExecuteAsync(HttpContext context, AwsRequest request);

    public abstract AwsError FaultError(string kind, string operation);

    public Task WriteErrorAsync(HttpContext context, AwsRequest? request, AwsError error) =>
        Query.WriteXmlAsync(context, new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error", new XElement(Ns + "Type", error.Status >= 500 ? "Receiver" : "Sender"), new XElement(Ns + "Code", error.Code), new XElement(Ns + "Message", error.Message)),
            new XElement(Ns + "RequestId", request?.RequestId ?? Guid.NewGuid().ToString())), error.Status);

    protected XElement E(string name, params object?[] content) => new(Ns + name, content);

    protected Task WriteResultAsync(HttpContext context, AwsRequest request, params object?[] result) =>
        Query.WriteXmlAsync(context, E(request.Operation + "Response",
            E(request.Operation + "Result", result),
            E("ResponseMetadata", E("RequestId", request.RequestId))));
}

internal sealed class StsHandler(Scenario s, SsoHandler sso) : QueryXmlHandler("https://sts.amazonaws.com/doc/2011-06-15/")
{
    public override AwsError FaultError(string kind, string operation) => kind switch
    {
        "accessDenied" => new AwsError(403, "AccessDenied", $"User is not authorized to perform: sts:{operation}"),
        "throttle" => new AwsError(400, "Throttling", "Rate exceeded"),
        "serverError" => new AwsError(500, "InternalFailure", "An internal error occurred."),
        "expiredToken" => new AwsError(403, "ExpiredToken", "The security token included in the request is expired"),
        _ => new AwsError(400, kind, "Injected fault"),
    };

    public override Task ExecuteAsync(HttpContext context, AwsRequest request) => request.Operation switch
    {
        "GetCallerIdentity" => WriteResultAsync(context, request,
            E("Arn", sso.CallerArnOf(AwsFakeServer.AccessKeyOf(context) ?? "") ?? s.Caller.Arn ?? $"arn:{s.Partition}:iam::{s.AccountId}:user/preflight"),
            E("UserId", s.Caller.UserId),
            E("Account", s.AccountId)),
        _ => throw new AwsError(400, "InvalidAction", $"Could not find operation {request.Operation} for version 2011-06-15"),
    };
}
