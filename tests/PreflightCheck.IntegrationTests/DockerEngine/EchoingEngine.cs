using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary>
/// A careless Docker Engine on 127.0.0.1: /_ping and /version answer, and /images/create streams a pull error that quotes
/// the credentials it was sent in X-Registry-Auth, as a daemon wrapping a registry error might. It proves the credentials
/// reach the daemon and that the collector cuts the password out of what it keeps.
/// </summary>
internal sealed class EchoingEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoingEngine(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    /// <summary>The username and password the last pull carried, decoded from X-Registry-Auth.</summary>
    public (string? Username, string? Password) LastAuth { get; private set; }

    public static async Task<EchoingEngine> StartAsync()
    {
        EchoingEngine? engine = null;
        var (_, port) = await LoopbackWebServer.StartAsync(IPAddress.Loopback, web =>
        {
            engine = new EchoingEngine(web);
            web.Run(engine.HandleAsync);
        });
        engine!.Endpoint = $"tcp://127.0.0.1:{port}";
        return engine;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.EndsWith("/_ping", StringComparison.Ordinal))
        {
            await http.Response.WriteAsync("OK");
            return;
        }

        if (path.EndsWith("/version", StringComparison.Ordinal))
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("{\"Version\":\"27.0.0-fake\",\"ApiVersion\":\"1.46\",\"MinAPIVersion\":\"1.24\"}");
            return;
        }

        if (path.EndsWith("/images/create", StringComparison.Ordinal) && HttpMethods.IsPost(http.Request.Method))
        {
            LastAuth = Decode(http.Request.Headers["X-Registry-Auth"].ToString());
            var image = http.Request.Query["fromImage"].ToString();
            var error = $"Get \"https://registry.example/v2/\": credentials {LastAuth.Username}:{LastAuth.Password} rejected for {image}";
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["status"] = "Pulling from " + image }) + "\r\n");
            await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["errorDetail"] = new Dictionary<string, string> { ["message"] = error },
                ["error"] = error,
            }) + "\r\n");
            return;
        }

        http.Response.StatusCode = 404;
        await http.Response.WriteAsync("{\"message\":\"page not found\"}");
    }

    private static (string?, string?) Decode(string header)
    {
        if (header.Length == 0)
        {
            return (null, null);
        }

        var base64 = header.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        string? Field(string name) =>
            doc.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v
                ? v.GetString()
                : null;
        return (Field("username"), Field("password"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
