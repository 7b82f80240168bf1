using PreflightCheck.Core.Images;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Collectors.Docker;

/// <summary>
/// <c>--run-test</c>: starts each container through a Docker Engine API as SageMaker hosting starts it (the image's
/// ENTRYPOINT with the argument <c>serve</c>, port 8080, the definition's environment, the instance's memory as the limit),
/// polls <c>GET /ping</c>, optionally posts one sample to <c>/invocations</c>, records what happened, and always removes
/// the container. Images are pulled first with the run's credentials (as <c>--pull-test</c> does). One container at a time.
/// </summary>
internal sealed class RunTestCollector(RunTestOptions options) : ICollector<RunTestSection>
{
    /// <summary>The ping window when the variant sets no ContainerStartupHealthCheckTimeoutInSeconds (the contract page's 8 minutes).</summary>
    public const int DefaultStartupSeconds = 480;

    /// <summary>SageMaker expects /ping to answer within 2 seconds.</summary>
    private static readonly TimeSpan PingRequestTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private const int LogLines = 20;

    public string Name => CollectorNames.RunTest;

    public string Endpoint { get; } = options.Endpoint ?? NonEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) ?? PullTestCollector.DefaultEndpoint;

    public async Task<RunTestSection> CollectAsync(FactsSnapshot facts, CollectorContext ctx, CancellationToken ct)
    {
        Uri uri;
        try
        {
            uri = new Uri(Endpoint);
        }
        catch (UriFormatException)
        {
            return new RunTestSection(new CollectorRun(Name, CollectionStatus.Invalid, $"Docker Engine endpoint '{Endpoint}' is not a URI"), null);
        }

        // The pull of a large image can take far longer than one operation; the per-request timeout is the pull test's job.
        using var config = new DockerClientConfiguration(uri, null, Timeout.InfiniteTimeSpan);
        using var client = config.CreateClient();
        var results = new List<RunTestFacts>();
        string? down = null;
        var downStatus = CollectionStatus.Unreachable;
        foreach (var model in facts.Plan.Models)
        {
            foreach (var container in model.Containers)
            {
                // ECR and model-package images are SageMaker's to pull; the rules say so without a run.
                if (container.Image is null || PullScope.OutOfScope(container) is not null)
                {
                    continue;
                }

                var image = container.Image.Value;
                if (down is not null)
                {
                    results.Add(new RunTestFacts(model.Name, container.Name, image, downStatus, down, Endpoint));
                    continue;
                }

                var fact = await RunOneAsync(client, model, container, image, ctx, ct).ConfigureAwait(false);
                if (fact.Status is CollectionStatus.Unreachable or CollectionStatus.Timeout && fact.PingTimeoutSeconds == 0)
                {
                    down = fact.Message;
                    downStatus = fact.Status;
                }

                results.Add(fact);
            }
        }

        var run = down is not null
            ? new CollectorRun(Name, downStatus, down)
            : new CollectorRun(Name, CollectionStatus.Ok, $"{results.Count} container(s) started through {Endpoint}");
        return new RunTestSection(run, results);
    }

    private async Task<RunTestFacts> RunOneAsync(DockerClient client, ModelPlan model, ContainerPlan container, string image, CollectorContext ctx, CancellationToken ct)
    {
        var credential = await ctx.Credentials.GetAsync(model.Name, container.Name, ct).ConfigureAwait(false);
        string Scrub(string text) => credential?.Redact(text) ?? text;
        var fact = new RunTestFacts(model.Name, container.Name, image, CollectionStatus.Ok, null, Endpoint);
        RunTestFacts Failed(CollectionStatus status, string message) => fact with { Status = status, Message = Scrub(message) };

        using (var ping = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            ping.CancelAfter(ctx.Timeout);
            try
            {
                await client.System.PingAsync(ping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                return Failed(CollectionStatus.Timeout, $"no answer from the Docker Engine at {Endpoint} within {ctx.Timeout.TotalSeconds:0.###} s");
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or DockerApiException)
            {
                return Failed(CollectionStatus.Unreachable, $"cannot reach the Docker Engine at {Endpoint}: {Innermost(ex)}");
            }
        }

        var (timeout, timeoutSource) = StartupWindow(model);
        var (limit, limitSource) = MemoryLimitFor(model);
        fact = fact with
        {
            MemoryLimitBytes = limit,
            MemoryLimitSource = limitSource,
            PingTimeoutSeconds = (int)Math.Ceiling(timeout.TotalSeconds),
            PingTimeoutSource = timeoutSource,
            NetworkIsolated = false,
        };

        try
        {
            var auth = credential?.Use((user, password) => new AuthConfig { Username = user, Password = password, ServerAddress = image.Split('/')[0] }) ?? new AuthConfig();
            var pull = new PullWatch();
            using var pulling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            pulling.CancelAfter(ctx.Deadline is { } at && at - ctx.Time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.FromTicks(ctx.Timeout.Ticks * 12));
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, auth, pull, pulling.Token).ConfigureAwait(false);
            if (pull.Error is not null)
            {
                return Failed(CollectionStatus.Invalid, $"the engine could not pull the image: {pull.Error}");
            }
        }
        catch (DockerApiException ex)
        {
            return Failed(CollectionStatus.Invalid, $"the engine could not pull the image: {ex.ResponseBody?.Trim()}");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return Failed(CollectionStatus.Unreachable, $"the Docker Engine at {Endpoint} dropped the pull: {Innermost(ex)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(CollectionStatus.Timeout, "the engine did not finish pulling the image in time");
        }

        var port = FreeLoopbackPort();
        var parameters = new CreateContainerParameters
        {
            Image = image,
            Name = $"preflight-run-{Guid.NewGuid():N}"[..30],
            Cmd = ["serve"],
            Env = container.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["8080/tcp"] = default },
            Labels = new Dictionary<string, string> { ["preflight.run-test"] = "1" },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>> { ["8080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString(CultureInfo.InvariantCulture) }] },
                Memory = limit ?? 0,
                MemorySwap = limit ?? 0,
            },
        };

        string? id = null;
        try
        {
            id = (await client.Containers.CreateContainerAsync(parameters, ct).ConfigureAwait(false)).ID;
            return await ObserveAsync(client, id, port, timeout, fact, Scrub, ct).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            return Failed(CollectionStatus.Invalid, $"the engine refused to {(id is null ? "create" : "start")} the container: {ex.ResponseBody?.Trim()}");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return Failed(CollectionStatus.Unreachable, $"the Docker Engine at {Endpoint} dropped the connection: {Innermost(ex)}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        finally
        {
            if (id is not null)
            {
                // Removal must happen even when the run was cancelled (Ctrl-C), so it gets its own short deadline.
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cleanup.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task<RunTestFacts> ObserveAsync(DockerClient client, string id, int port, TimeSpan timeout, RunTestFacts fact, Func<string, string> scrub, CancellationToken ct)
    {
        using var stats = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var peak = new PeakMemory();
        await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var statsTask = WatchStatsAsync(client, id, peak, stats.Token);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = PingRequestTimeout }) { Timeout = PingRequestTimeout };
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        long? readyMs = null;
        string? last = null;
        ContainerInspectResponse? state = null;
        InvocationFacts? invocation = null;
        try
        {
            while (clock.Elapsed < timeout)
            {
                ct.ThrowIfCancellationRequested();
                state = await client.Containers.InspectContainerAsync(id, ct).ConfigureAwait(false);
                if (state.State is { Running: false })
                {
                    break;
                }

                try
                {
                    using var answer = await http.GetAsync(new Uri(baseUri, "ping"), ct).ConfigureAwait(false);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        readyMs = clock.ElapsedMilliseconds;
                        last = null;
                        break;
                    }

                    last = $"HTTP {(int)answer.StatusCode}";
                }
                catch (HttpRequestException ex)
                {
                    last = Innermost(ex);
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    last = $"no answer within {PingRequestTimeout.TotalSeconds:0} s";
                }

                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
            }

            if (readyMs is not null && options.Sample is not null)
            {
                invocation = await InvokeAsync(baseUri, ct).ConfigureAwait(false);
            }

            // A moment for the stats stream to report, then the final state (a server may die right after answering).
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct).ConfigureAwait(false);
            state = await client.Containers.InspectContainerAsync(id, ct).ConfigureAwait(false);
        }
        finally
        {
            await stats.CancelAsync().ConfigureAwait(false);
            try
            {
                await statsTask.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or DockerApiException or HttpRequestException or IOException)
            {
            }
        }

        var exited = state?.State is { Running: false };
        var logs = readyMs is null || exited || invocation is { StatusCode: not (>= 200 and < 300) }
            ? await LogTailAsync(client, id, scrub, ct).ConfigureAwait(false)
            : [];
        return fact with
        {
            PingReadyMs = readyMs,
            PingLast = readyMs is null ? last ?? (exited ? "the container exited before answering" : "no answer") : null,
            PeakMemoryBytes = peak.Value,
            OomKilled = state?.State?.OOMKilled ?? false,
            ExitCode = exited ? state!.State.ExitCode : null,
            LogTail = logs,
            Invocation = invocation,
            Removed = true,
        };
    }

    private async Task<InvocationFacts> InvokeAsync(Uri baseUri, CancellationToken ct)
    {
        var sample = options.SampleFile ?? "sample";
        var clock = Stopwatch.StartNew();

        // SageMaker gives /invocations 60 seconds.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            using var content = new ByteArrayContent(options.Sample!);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(options.ContentType);
            using var answer = await http.PostAsync(new Uri(baseUri, "invocations"), content, ct).ConfigureAwait(false);
            var body = await answer.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return new InvocationFacts(Path.GetFileName(sample), options.ContentType, (int)answer.StatusCode, clock.ElapsedMilliseconds, body.LongLength);
        }
        catch (HttpRequestException ex)
        {
            return new InvocationFacts(Path.GetFileName(sample), options.ContentType, null, clock.ElapsedMilliseconds, 0, Innermost(ex));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new InvocationFacts(Path.GetFileName(sample), options.ContentType, null, clock.ElapsedMilliseconds, 0, "no answer within 60 s");
        }
    }

    private static async Task WatchStatsAsync(DockerClient client, string id, PeakMemory peak, CancellationToken ct) =>
        await client.Containers.GetContainerStatsAsync(id, new ContainerStatsParameters { Stream = true }, peak, ct).ConfigureAwait(false);

    private static async Task<IReadOnlyList<string>> LogTailAsync(DockerClient client, string id, Func<string, string> scrub, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            using var stream = await client.Containers.GetContainerLogsAsync(id, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = LogLines.ToString(CultureInfo.InvariantCulture) }, cts.Token).ConfigureAwait(false);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cts.Token).ConfigureAwait(false);
            return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(LogLines).Select(scrub).ToArray();
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return [$"(the log could not be read: {ex.Message})"];
        }
    }

    /// <summary>The startup window: the longest ContainerStartupHealthCheckTimeoutInSeconds among the model's variants, capped by --run-timeout.</summary>
    private (TimeSpan Timeout, string Source) StartupWindow(ModelPlan model)
    {
        var variant = model.Variants.OrderByDescending(v => v.ContainerStartupHealthCheckTimeoutInSeconds ?? 0).FirstOrDefault();
        var (seconds, source) = variant?.ContainerStartupHealthCheckTimeoutInSeconds is { } s
            ? (s, $"ContainerStartupHealthCheckTimeoutInSeconds of variant {variant.VariantName}")
            : (DefaultStartupSeconds, "the default startup window");
        var window = TimeSpan.FromSeconds(seconds);
        return options.Timeout is { } cap && cap < window ? (cap, $"--run-timeout (the plan allows {seconds} s)") : (window, source);
    }

    /// <summary>--run-memory, else the smallest memory among the model's instance types; null when neither is known.</summary>
    internal (long? Bytes, string? Source) MemoryLimitFor(ModelPlan model)
    {
        if (options.MemoryMiB is { } mib)
        {
            return (mib * 1024L * 1024L, "--run-memory");
        }

        var known = model.Variants
            .Select(v => (Type: v.InstanceType?.Value, MiB: InstanceMemory.MiB(v.InstanceType?.Value)))
            .Where(t => t.MiB is not null)
            .OrderBy(t => t.MiB)
            .FirstOrDefault();
        return known.Type is null ? (null, null) : (known.MiB!.Value * 1024L * 1024L, known.Type);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    private sealed class PeakMemory : IProgress<ContainerStatsResponse>
    {
        private long _peak;

        public long? Value => Interlocked.Read(ref _peak) is var v && v > 0 ? v : null;

        public void Report(ContainerStatsResponse value)
        {
            var seen = Math.Max((long)(value.MemoryStats?.MaxUsage ?? 0), (long)(value.MemoryStats?.Usage ?? 0));
            long current;
            do
            {
                current = Interlocked.Read(ref _peak);
                if (seen <= current)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _peak, seen, current) != current);
        }
    }

    private sealed class PullWatch : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message is { Length: > 0 } m ? m : value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Error ??= error;
            }
        }
    }
}
