using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary>
/// One PKI, one Basic-auth docker-registry and one podman service for the --run-test tests, with five FROM-scratch
/// busybox images pushed once: healthy, serve exits 1, listening on 5000, slow to start, and memory-hungry.
/// </summary>
// Public only because xunit requires fixture types to be as visible as the public test classes using them.
public sealed class RunTestWorld : IAsyncLifetime
{
    /// <summary>Answers /ping and /invocations on 8080; the invocation echoes MODEL_NAME and the body length, so tests see the environment arrive.</summary>
    private const string Handler = """
        #!/bin/sh
        read -r method path proto
        len=0
        while read -r line; do
          line=$(printf '%s' "$line" | tr -d '\r')
          [ -z "$line" ] && break
          case "$line" in [Cc]ontent-[Ll]ength:*) len=${line#*: };; esac
        done
        [ "$len" -gt 0 ] && head -c "$len" > /dev/null
        case "$path" in
          /ping) printf 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' ;;
          /invocations)
            out="{\"model\":\"$MODEL_NAME\",\"bytes\":$len}"
            printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "${#out}" "$out" ;;
          *) printf 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' ;;
        esac

        """;

    private const string Listen = "exec /bin/busybox nc -ll -p {0} -e /app/handle\n";

    private TestCertificates? _certificates;
    private RegistryServer? _registry;
    private PodmanService? _podman;

    internal RegistryServer Registry => _registry ?? throw new InvalidOperationException("Fixture not initialised.");

    internal PodmanService Podman => _podman ?? throw new InvalidOperationException("Fixture not initialised.");

    internal Dictionary<string, string> Images { get; } = new(StringComparer.Ordinal);

    internal TimeSpan SetupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);
        _registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = _certificates, Auth = RegistryAuth.Basic }).ConfigureAwait(false);
        var specs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["healthy"] = "echo \"starting $1\"\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Listen, 8080),
            ["exits"] = "echo \"loading model from /opt/ml/model\"\necho \"fatal: /opt/ml/model/model.pt not found\" >&2\nexit 1\n",
            ["wrongport"] = "echo \"listening on 5000\"\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Listen, 5000),
            ["slow"] = "echo \"loading a slow model\"\nsleep 30\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Listen, 8080),
            ["hungry"] = "echo \"loading 64 MB of weights\"\nsleep 1\nweights=$(head -c 64000000 /dev/zero | tr '\\0' w)\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Listen, 8080),
        };
        foreach (var (name, script) in specs)
        {
            using var layout = TestImages.WriteSingle(new ImageSpec
            {
                Busybox = true,
                ServeScript = script,
                Marker = name,
                Files = new Dictionary<string, string> { ["app/handle"] = Handler },
            });
            var pushed = await TestImages.PushAsync(layout, _registry, $"models/{name}", "v1", PushFormat.DockerV2S2).ConfigureAwait(false);
            Images[name] = $"{_registry.HostPort}/models/{name}@{pushed.Digest}";
        }

        _podman = await PodmanService.StartAsync([_registry.HostPort]).ConfigureAwait(false);
        SetupTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_podman is not null)
        {
            await _podman.DisposeAsync().ConfigureAwait(false);
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }
}
