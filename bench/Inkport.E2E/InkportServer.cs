using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Inkport.E2E;

/// <summary>The Inkport server under test: one this program started (and stops), or one already running.
/// Peak RSS is read from /proc/PID/status (VmHWM) when the process id is known.</summary>
internal sealed class InkportServer : IAsyncDisposable
{
    private const string ReleaseDll = "src/Inkport.Server/bin/Release/net10.0/Inkport.Server.dll";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process? _process;
    private readonly int? _pid;
    private readonly Queue<string> _outputTail = new();

    private InkportServer(string url, Process? process, int? pid)
    {
        Url = url;
        _process = process;
        _pid = pid;
    }

    public string Url { get; }

    public bool CanReadRss => _pid is { } pid && File.Exists($"/proc/{pid}/status");

    public static InkportServer Attach(string url, int? pid) => new(url, null, pid);

    public static async Task<InkportServer> StartAsync(string? dll)
    {
        dll ??= Environment.GetEnvironmentVariable("INKPORT_SERVER_DLL") ?? FindReleaseDll();
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Inkport server not found at {dll}: build it (dotnet build -c Release src/Inkport.Server) or pass --server DLL");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--in-memory", "--urls", url, "--Inkport:RateLimits=false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["Logging__LogLevel__Default"] = "Warning", ["DOTNET_ENVIRONMENT"] = "Production" },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var server = new InkportServer(url, process, process.Id);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>Starts a new peak: VmHWM becomes the current RSS (Linux clear_refs "5"; needs our own process).</summary>
    public void ResetPeakRss()
    {
        if (!CanReadRss) return;
        try { File.WriteAllText($"/proc/{_pid}/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>VmHWM of the server in MB (10^6 bytes), or null when it cannot be read.</summary>
    public double? PeakRssMb()
    {
        if (!CanReadRss) return null;
        foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 / 1e6;
        return null;
    }

    /// <summary>User + system CPU time the server has used so far (/proc/PID/stat), or null when it cannot be read.</summary>
    public TimeSpan? CpuTime()
    {
        if (!CanReadRss) return null;
        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (proc(5)).
        var stat = File.ReadAllText($"/proc/{_pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync(Url + "/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the server did not answer /healthz within {StartTimeout.TotalSeconds:0} s:\n{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_outputTail)
        {
            _outputTail.Enqueue(line);
            if (_outputTail.Count > 40) _outputTail.Dequeue();
        }
    }

    private string Tail()
    {
        lock (_outputTail) return string.Join('\n', _outputTail);
    }

    /// <summary>Stops a server this program started with SIGTERM, so it removes its temporary data folder,
    /// and reaps it (its rusage then counts among this process's children for GNU time).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
    }

    private static string FindReleaseDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx"))) return Path.Combine(dir.FullName, ReleaseDll);
        return ReleaseDll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
