using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PreflightCheck.IntegrationTests.Infrastructure;

namespace PreflightCheck.IntegrationTests.DockerEngine;

/// <summary>
/// Debian's podman serving the Docker-compatible Engine API on a private unix socket, with vfs storage and a private
/// root, run root and registries.conf, so nothing outside its temp directory is read or written.
/// <c>--time</c> makes the service exit on its own when idle, so a killed test host leaves no daemon behind for long.
/// </summary>
internal sealed class PodmanService : IAsyncDisposable
{
    public const string Executable = "/usr/bin/podman";

    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PodmanService(TempDirectory dir, Process process)
    {
        _dir = dir;
        _process = process;
    }

    public string SocketPath => _dir.Combine("engine.sock");

    public string Endpoint => "unix://" + SocketPath;

    public TimeSpan StartupTime { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="insecureRegistries">host:port entries podman may reach over HTTP or with an unverified certificate.</param>
    public static async Task<PodmanService> StartAsync(IEnumerable<string> insecureRegistries, TimeSpan? startTimeout = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run .ci/install-deps.sh (it installs podman)");
        }

        var dir = new TempDirectory("podman");
        var registries = new StringBuilder("unqualified-search-registries = []\n");
        foreach (var registry in insecureRegistries)
        {
            registries.Append("\n[[registry]]\nlocation = \"").Append(registry).Append("\"\ninsecure = true\n");
        }

        File.WriteAllText(dir.Combine("registries.conf"), registries.ToString());
        File.WriteAllText(dir.Combine("storage.conf"), $"[storage]\ndriver = \"vfs\"\nrunroot = \"{dir.Combine("run")}\"\ngraphroot = \"{dir.Combine("root")}\"\n");
        // Running containers here needs runc (crun refuses the hybrid cgroup layout) and ulimits the sandbox lets it set.
        File.WriteAllText(
            dir.Combine("containers.conf"),
            "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n\n[engine]\nevents_logger = \"file\"\ncgroup_manager = \"cgroupfs\"\nruntime = \"runc\"\n");
        File.WriteAllText(dir.Combine("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");

        var psi = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[]
                 {
                     "--root", dir.Combine("root"), "--runroot", dir.Combine("run"), "--tmpdir", dir.Combine("tmp"),
                     "--storage-driver", "vfs", "--events-backend", "file", "--cgroup-manager", "cgroupfs",
                     "system", "service", "--time=120", "unix://" + dir.Combine("engine.sock"),
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["CONTAINERS_REGISTRIES_CONF"] = dir.Combine("registries.conf");
        psi.Environment["CONTAINERS_STORAGE_CONF"] = dir.Combine("storage.conf");
        psi.Environment["CONTAINERS_CONF"] = dir.Combine("containers.conf");
        psi.Environment["XDG_RUNTIME_DIR"] = dir.Combine("xdg");
        psi.Environment["XDG_CONFIG_HOME"] = dir.Combine("config");
        psi.Environment["HOME"] = dir.Path;
        psi.Environment.Remove("REGISTRY_AUTH_FILE");
        Directory.CreateDirectory(dir.Combine("xdg"));
        Directory.CreateDirectory(dir.Combine("tmp"));
        Directory.CreateDirectory(dir.Combine("config", "containers"));
        File.Copy(dir.Combine("policy.json"), dir.Combine("config", "containers", "policy.json"));

        var clock = Stopwatch.StartNew();
        var process = new Process { StartInfo = psi };
        var service = new PodmanService(dir, process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        ChildProcesses.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        var limit = startTimeout ?? TimeSpan.FromSeconds(20);
        while (clock.Elapsed < limit)
        {
            if (process.HasExited)
            {
                await service.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"podman system service exited with {process.ExitCode}: {service.Log}");
            }

            if (File.Exists(service.SocketPath) && await PingAsync(service.SocketPath).ConfigureAwait(false))
            {
                service.StartupTime = clock.Elapsed;
                return service;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        await service.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException($"podman system service did not answer /_ping within {limit.TotalSeconds:0} s: {service.Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static async Task<bool> PingAsync(string socketPath)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await client.GetAsync(new Uri("http://engine/_ping")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        ChildProcesses.Untrack(_process);
        _process.Dispose();

        // vfs layers are plain directories; podman may leave read-only ones behind.
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(path, FileAttributes.Normal);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _dir.Dispose();
    }
}
