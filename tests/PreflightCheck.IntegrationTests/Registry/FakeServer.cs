using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.Registry;

internal sealed record SeenRequest(string Method, string PathAndQuery, string Host, string? Authorization);

/// <summary>A Kestrel server on 127.0.0.1 with a test-supplied handler; it logs every request it sees.</summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    public static async Task<FakeServer> StartAsync(RequestDelegate handler, X509Certificate2? leaf = null, X509Certificate2[]? chain = null)
    {
        FakeServer? self = null;
        var (app, port) = await LoopbackWebServer.StartAsync(
            IPAddress.Loopback,
            web => web.Run(async context =>
            {
                self!.Seen.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Host.ToString(), context.Request.Headers.Authorization.FirstOrDefault()));
                await handler(context);
            }),
            listen =>
            {
                if (leaf is not null)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = leaf;
                        https.ServerCertificateChain = chain is null ? null : new X509Certificate2Collection(chain);
                    });
                }
            });
        self = new FakeServer(app, port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
