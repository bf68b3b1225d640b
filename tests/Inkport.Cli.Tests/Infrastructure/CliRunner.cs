using System.Reflection;
using Spectre.Console;

namespace Inkport.Cli.Tests.Infrastructure;

public sealed record CliResult(int Exit, string Out, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- out ---\n{Out}\n--- error ---\n{Error}";
}

/// <summary>Runs `inkport` in process with its own output, environment and folders.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("inkport-cli-").FullName;

    public Dictionary<string, string?> Variables { get; } = new();

    public string Home => _home;

    public string ConfigDirectory => Path.Combine(_home, "config");

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            Console = console,
            Variable = name => Variables.GetValueOrDefault(name),
            ConfigDirectory = ConfigDirectory,
            StateDirectory = Path.Combine(_home, "state"),
        };
        var exit = await InkportCli.RunAsync(args, env, cancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_home, recursive: true); }
        catch (IOException) { }
    }
}

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "InkportConfiguration").Value!;

    public static string CliDll => Path.Combine(Root, "src", "Inkport.Cli", "bin", Configuration, "net10.0", "inkport.dll");

    /// <summary>../shared/corpus beside the repository (or above it), or null.</summary>
    public static string? Corpus
    {
        get
        {
            for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpus");
                if (Directory.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Inkport.slnx above the test assembly");
    }
}

/// <summary>A fact that needs ../shared/corpus: skipped, saying so, where it is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (RepoPaths.Corpus is null) Skip = "the shared corpus (../shared/corpus) is not present";
    }
}
