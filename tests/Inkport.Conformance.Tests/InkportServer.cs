using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Inkport.Conformance.Tests;

/// <summary>One Inkport server process for the whole conformance collection: the built
/// Inkport.Server.dll, in memory, on a free loopback port, ready once /healthz answers 200.
/// With INKPORT_CONFORMANCE_URL set, no process is started and the flows run against that
/// base URL instead (a server started by hand, or real Feishu with INKPORT_APP_ID and
/// INKPORT_APP_SECRET, which flow.mjs reads).</summary>
public sealed class InkportServer : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly ProcessOutput _output = new();
    private Process? _process;
    private string? _workDir;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Arguments after the defaults; "--data-dir DIR" here replaces "--in-memory".</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["--in-memory"];

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
    }

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string LogTail(int lines = 60) => _process is null ? "(no server process: INKPORT_CONFORMANCE_URL)" : _output.Tail(lines);

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("INKPORT_CONFORMANCE_URL");
        if (!string.IsNullOrWhiteSpace(external))
        {
            BaseUrl = external.TrimEnd('/');
            return;
        }

        var dll = RepoPaths.ServerDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"The server is not built: {dll} is missing. Build the solution (./test.sh does) in the tests' configuration ({RepoPaths.Configuration}).");
        }

        var port = FreeLoopbackPort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _workDir = Directory.CreateTempSubdirectory("inkport-conformance-").FullName;
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", BaseUrl }.Concat(Arguments))
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        _output.Attach(_process);
        try
        {
            await WaitUntilReadyAsync(_process);
        }
        catch
        {
            await DisposeAsync(); // never leave a half-started server behind
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var lastAnswer = "no answer";
        while (deadline.Elapsed < StartLimit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The server exited with code {process.ExitCode} before answering /healthz.\n--- server output (tail) ---\n{_output.Tail(80)}");
            }
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                lastAnswer = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message; // not listening yet
            }
            catch (TaskCanceledException)
            {
                lastAnswer = "a 5 s timeout"; // slow first answer; try again
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException(
            $"The server did not answer GET {BaseUrl}/healthz with 200 within {StartLimit.TotalSeconds} s (last: {lastAnswer}).\n" +
            $"--- server output (tail) ---\n{_output.Tail(80)}");
    }

    public async Task DisposeAsync()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // already gone, or will be reaped with the test host
        }
        finally
        {
            _process.Dispose();
            TryDelete(_workDir);
        }
    }

    private static void TryDelete(string? dir)
    {
        try
        {
            if (dir is not null) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs the tests (the SDK exports it as DOTNET_HOST_PATH).</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}

[CollectionDefinition(Name)]
public sealed class InkportServerCollection : ICollectionFixture<InkportServer>
{
    public const string Name = "Inkport server";
}
