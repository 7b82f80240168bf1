using System.Net.Http.Headers;
using System.Text;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using PreflightCheck.IntegrationTests.AwsFake;

namespace PreflightCheck.IntegrationTests.AwsFakeTests;

/// <summary>Requests signed by AWSSDK.Core's own SigV4 signer, for the services that have no client package here.</summary>
internal static class SignedHttp
{
    private sealed class RawRequest : AmazonWebServiceRequest;

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, AwsFakeServer server, string service, HttpMethod method, string path,
        string? body = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new DefaultRequest(new RawRequest(), service)
        {
            HttpMethod = method.Method,
            Endpoint = server.Endpoint,
            ResourcePath = path,
            AuthenticationRegion = server.Scenario.Region,
            Content = body is null ? [] : Encoding.UTF8.GetBytes(body),
        };
        request.Headers["Content-Type"] = contentType;
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[key] = value;
        }

        // The EC2 config only carries region and service name to the signer; nothing EC2-specific is used.
        var config = new AmazonEC2Config { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = server.Scenario.Region, AuthenticationServiceName = service };
        new AWS4Signer().Sign(request, config, new RequestMetrics(), FakeClients.Credentials);

        var message = new HttpRequestMessage(method, new Uri(server.Endpoint, path));
        if (body is not null)
        {
            message.Content = new ByteArrayContent(request.Content);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (key, value) in request.Headers)
        {
            if (key is "Content-Type" or "Content-Length" or "Host" or "host")
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(key, value);
        }

        return await http.SendAsync(message);
    }

    public static Task<HttpResponseMessage> QueryAsync(HttpClient http, AwsFakeServer server, string service, string version, string action, params (string Key, string Value)[] parameters)
    {
        var form = string.Join("&", new[] { ("Action", action), ("Version", version) }.Concat(parameters)
            .Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
        return SendAsync(http, server, service, HttpMethod.Post, "/", form, "application/x-www-form-urlencoded; charset=utf-8");
    }

    public static HttpClient Client() => new() { Timeout = TimeSpan.FromSeconds(15) };
}
