using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>The one start-up every in-process test server shares: Kestrel on a loopback address and a free port, no logging.</summary>
internal static class LoopbackWebServer
{
    /// <param name="map">Adds the server's handlers before it starts.</param>
    /// <param name="listen">Per-listener setup: TLS, protocols, connection middleware.</param>
    /// <param name="kestrel">Server-wide limits.</param>
    public static async Task<(WebApplication App, int Port)> StartAsync(
        IPAddress address,
        Action<WebApplication> map,
        Action<ListenOptions>? listen = null,
        Action<KestrelServerOptions>? kestrel = null,
        string? contentRoot = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = contentRoot ?? AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            kestrel?.Invoke(k);
            k.Listen(address, 0, options => listen?.Invoke(options));
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(bound).Port);
    }
}
