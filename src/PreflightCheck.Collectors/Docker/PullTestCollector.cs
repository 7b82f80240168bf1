using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Images;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors.Docker;

/// <summary>
/// <c>--pull-test</c>: asks a Docker Engine API (DOCKER_HOST, else the default socket) to pull each container's image
/// with the credentials the registry collector used, and records the daemon's answer as it gave it.
/// Images are pulled one after another: a daemon pulling many large images at once only measures its own contention.
/// </summary>
internal sealed class PullTestCollector(string? endpoint = null) : ICollector<PullTestSection>
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    public string Name => CollectorNames.PullTest;

    /// <summary>The engine this collector talks to: the constructor's, else DOCKER_HOST, else the default socket.</summary>
    public string Endpoint { get; } = endpoint ?? NonEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) ?? DefaultEndpoint;

    public async Task<PullTestSection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        var results = new List<PullTestFacts>();
        Uri uri;
        try
        {
            uri = new Uri(Endpoint);
        }
        catch (UriFormatException)
        {
            return new PullTestSection(new CollectorRun(Name, CollectionStatus.Invalid, $"Docker Engine endpoint '{Endpoint}' is not a URI"), null);
        }

        using var config = new DockerClientConfiguration(uri, null, ctx.Timeout);
        using var client = config.CreateClient();
        string? unreachable = null;
        var unreachableStatus = CollectionStatus.Unreachable;
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                if (container.Image is null)
                {
                    continue;
                }

                var image = container.Image.Value;
                if (unreachable is not null)
                {
                    // One dead daemon is enough to learn that; do not wait out the timeout once per image.
                    results.Add(new PullTestFacts(model.Name, container.Name, image, unreachableStatus, unreachable, 0, Endpoint));
                    continue;
                }

                var (fact, daemonDown) = await PullAsync(client, model.Name, container.Name, image, ctx, ct).ConfigureAwait(false);
                if (daemonDown)
                {
                    unreachable = fact.Message;
                    unreachableStatus = fact.Status;
                }

                results.Add(fact);
            }
        }

        var failed = results.Count(r => r.Status != CollectionStatus.Ok);
        var run = unreachable is not null
            ? new CollectorRun(Name, unreachableStatus, unreachable)
            : new CollectorRun(Name, CollectionStatus.Ok, $"{results.Count} pull(s) through {Endpoint}, {failed} failed");
        return new PullTestSection(run, results);
    }

    private async Task<(PullTestFacts Fact, bool DaemonDown)> PullAsync(DockerClient client, string model, string container, string image, CollectorContext ctx, CancellationToken ct)
    {
        var parsed = ImageReference.Parse(image);
        if (!parsed.Success || parsed.Reference is null)
        {
            return (new PullTestFacts(model, container, image, CollectionStatus.Skipped, "the image reference is not valid (see PFC-IMG-001)", 0, Endpoint), false);
        }

        var reference = parsed.Reference;
        var credential = await ctx.Credentials.GetAsync(model, container, ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        string Scrub(string text) => credential?.Redact(text) ?? text;
        PullTestFacts Fact(CollectionStatus status, string? message) =>
            new(model, container, image, status, message is null ? null : Scrub(message), clock.ElapsedMilliseconds, Endpoint);

        using (var ping = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            ping.CancelAfter(ctx.Timeout);
            try
            {
                await client.System.PingAsync(ping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                return (Fact(CollectionStatus.Timeout, $"no answer from the Docker Engine at {Endpoint} within {ctx.Timeout.TotalSeconds:0.###} s"), true);
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
            {
                return (Fact(CollectionStatus.Unreachable, $"cannot reach the Docker Engine at {Endpoint}: {Innermost(ex)}"), true);
            }
            catch (DockerApiException ex)
            {
                return (Fact(CollectionStatus.Unreachable, $"the Docker Engine at {Endpoint} answered /_ping with {(int)ex.StatusCode}: {DaemonMessage(ex)}"), true);
            }
        }

        var parameters = new ImagesCreateParameters { FromImage = image };
        if (reference.Tag is null && reference.Digest is null)
        {
            // With neither, the Engine API would pull every tag of the repository.
            parameters.Tag = "latest";
        }

        var auth = credential?.Use((user, password) => new AuthConfig { Username = user, Password = password, ServerAddress = reference.NormalizedDomain })
            ?? new AuthConfig();
        var progress = new ErrorWatch();

        // A pull moves whole layers, so it gets the run's overall deadline (or twelve operation timeouts) rather than one.
        using var pull = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var limit = ctx.Deadline is { } at ? at - ctx.Time.GetUtcNow() : TimeSpan.FromTicks(ctx.Timeout.Ticks * 12);
        pull.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
        try
        {
            await client.Images.CreateImageAsync(parameters, auth, progress, pull.Token).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            return (Fact(CollectionStatus.Invalid, DaemonMessage(ex)), false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            return (Fact(CollectionStatus.Timeout, $"the pull did not finish within {limit.TotalSeconds:0.###} s{(progress.Last is null ? "" : "; last status: " + progress.Last)}"), false);
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return (Fact(CollectionStatus.Unreachable, $"the Docker Engine at {Endpoint} dropped the pull: {Innermost(ex)}"), true);
        }

        return (progress.Error is { } error ? Fact(CollectionStatus.Invalid, error) : Fact(CollectionStatus.Ok, progress.Last), false);
    }

    /// <summary>The daemon's "message" field when the body is the usual JSON error, else the body as sent.</summary>
    private static string DaemonMessage(DockerApiException ex)
    {
        var body = ex.ResponseBody?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            return $"HTTP {(int)ex.StatusCode} with an empty body";
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body;
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Reads the progress stream as it arrives (not through a synchronization context), keeping the first error.</summary>
    private sealed class ErrorWatch : IProgress<JSONMessage>
    {
        private readonly object _gate = new();

        public string? Error { get; private set; }

        public string? Last { get; private set; }

        public void Report(JSONMessage value)
        {
            lock (_gate)
            {
                var error = value.Error?.Message is { Length: > 0 } m ? m : value.ErrorMessage;
                if (!string.IsNullOrEmpty(error))
                {
                    Error ??= error;
                }
                else if (!string.IsNullOrEmpty(value.Status))
                {
                    Last = value.Status;
                }
            }
        }
    }
}
