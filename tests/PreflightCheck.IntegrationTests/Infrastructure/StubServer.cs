using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>What a stub saw; records whether credentials arrived, never their value.</summary>
internal sealed record StubRequestRecord(string Method, string PathAndQuery, string? AuthorizationScheme, string? Accept);

internal sealed record StubServerOptions
{
    /// <summary>Serve HTTPS with a full-chain leaf from this PKI; plain HTTP when null.</summary>
    public TestCertificates? Certificates { get; init; }

    public IPAddress? Address { get; init; }

    public IReadOnlyList<string> DnsNames { get; init; } = [];
}

/// <summary>
/// A Kestrel app on loopback answering with a test-supplied handler: for misbehaving registries and token realms
/// (HTML on /v2/, garbage challenges, wrong digests, endless bodies, cross-host redirects).
/// </summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<StubRequestRecord> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _connections;

    private StubServer(IPAddress address, LeafCertificate? leaf)
    {
        Address = address;
        Leaf = leaf;
    }

    public IPAddress Address { get; }

    public int Port { get; private set; }

    public string HostPort => $"{Address}:{Port}";

    public LeafCertificate? Leaf { get; }

    public Uri BaseUri => new($"{(Leaf is null ? "http" : "https")}://{HostPort}/");

    public IReadOnlyList<StubRequestRecord> Requests => _requests.ToArray();

    /// <summary>TCP connections accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Cancelled when the server stops; handlers that stall should observe it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public static async Task<StubServer> StartAsync(Func<HttpContext, StubServer, Task> handler, StubServerOptions? options = null)
    {
        options ??= new StubServerOptions();
        var address = options.Address ?? Loopback.RandomAddress();
        if (!Loopback.IsLoopback(address))
        {
            throw new ArgumentException("Stubs listen on loopback only.", nameof(options));
        }

        LeafCertificate? leaf = null;
        if (options.Certificates is not null)
        {
            leaf = await options.Certificates.ValidAsync("stub", [address.ToString()], options.DnsNames).ConfigureAwait(false);
        }

        var server = new StubServer(address, leaf);
        try
        {
            await server.RunAsync(handler, options).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(Func<HttpContext, StubServer, Task> handler, StubServerOptions options)
    {
        var (app, port) = await LoopbackWebServer.StartAsync(
            Address,
            web => web.Run(async context =>
            {
                var auth = context.Request.Headers.Authorization.ToString();
                _requests.Enqueue(new StubRequestRecord(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    auth.Length == 0 ? null : auth.Split(' ', 2)[0],
                    context.Request.Headers.Accept.ToString() is { Length: > 0 } a ? a : null));
                await handler(context, this).ConfigureAwait(false);
            }),
            listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref _connections);
                    await next(connection).ConfigureAwait(false);
                });
                if (Leaf is not null)
                {
                    var cert = Leaf.LoadWithKey();
                    var intermediate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(options.Certificates!.IntermediatePath);
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = cert;
                        https.ServerCertificateChain = [intermediate];
                    });
                }
            },
            k => k.Limits.MinResponseDataRate = null).ConfigureAwait(false);
        _app = app;
        Port = port;
    }
}

/// <summary>Canned misbehaviours for <see cref="StubServer"/>.</summary>
internal static class StubResponses
{
    public static Func<HttpContext, StubServer, Task> Html(int status = 200) => (ctx, _) =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html";
        return ctx.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>");
    };

    /// <summary>401 on everything with the given raw WWW-Authenticate value.</summary>
    public static Func<HttpContext, StubServer, Task> Challenge(string wwwAuthenticate) => (ctx, _) =>
    {
        ctx.Response.StatusCode = 401;
        ctx.Response.Headers.WWWAuthenticate = wwwAuthenticate;
        ctx.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        return Task.CompletedTask;
    };

    /// <summary>Serves <paramref name="body"/> for any manifest request, claiming <paramref name="claimedDigest"/> (which may be wrong).</summary>
    public static Func<HttpContext, StubServer, Task> Manifest(byte[] body, string mediaType, string claimedDigest) => async (ctx, _) =>
    {
        if (ctx.Request.Path == "/v2/" || ctx.Request.Path == "/v2")
        {
            ctx.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            await ctx.Response.WriteAsync("{}").ConfigureAwait(false);
            return;
        }

        ctx.Response.ContentType = mediaType;
        ctx.Response.Headers["Docker-Content-Digest"] = claimedDigest;
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }
    };

    /// <summary>200 with a body that never ends (until the client aborts or the stub stops).</summary>
    public static Func<HttpContext, StubServer, Task> EndlessBody(string contentType = "application/json") => async (ctx, stub) =>
    {
        ctx.Response.ContentType = contentType;
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 16 * 1024));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stub.Stopping);
        try
        {
            while (!linked.IsCancellationRequested)
            {
                await ctx.Response.Body.WriteAsync(chunk, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    };

    /// <summary>Redirects every request to the same path on <paramref name="target"/>.</summary>
    public static Func<HttpContext, StubServer, Task> RedirectTo(Uri target, int status = 307) => (ctx, _) =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.Location = new Uri(target, ctx.Request.Path + ctx.Request.QueryString).ToString();
        return Task.CompletedTask;
    };

    /// <summary>Accepts the request and never answers.</summary>
    public static Func<HttpContext, StubServer, Task> Hang() => async (ctx, stub) =>
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stub.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    };
}

/// <summary>Accepts TCP connections on loopback and never sends a byte (no TLS handshake, no HTTP).</summary>
internal sealed class HangingServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ConcurrentBag<Socket> _held = [];
    private readonly Task _acceptLoop;
    private int _accepted;

    private HangingServer(TcpListener listener)
    {
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public string HostPort => $"{EndPoint.Address}:{EndPoint.Port}";

    public int AcceptedCount => Volatile.Read(ref _accepted);

    public static HangingServer Start(IPAddress? address = null)
    {
        address ??= Loopback.RandomAddress();
        if (!Loopback.IsLoopback(address))
        {
            throw new ArgumentException("Loopback only.", nameof(address));
        }

        var listener = new TcpListener(address, 0);
        listener.Start();
        return new HangingServer(listener);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        foreach (var s in _held)
        {
            s.Dispose();
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _accepted);
                _held.Add(socket);
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
