using Spectre.Console;

namespace Inkport.Cli;

/// <summary>What a command sees of the outside world: its output, the environment and where its files go.
/// The process supplies the real ones; tests supply their own.</summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required IAnsiConsole Console { get; init; }
    public required Func<string, string?> Variable { get; init; }

    /// <summary>Where config.json is looked for (XDG_CONFIG_HOME/inkport, else ~/.config/inkport).</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>Where import state files go by default (XDG_STATE_HOME/inkport, else ~/.local/state/inkport).</summary>
    public required string StateDirectory { get; init; }

    public static CliEnvironment FromProcess()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string Xdg(string variable, string fallback) =>
            Environment.GetEnvironmentVariable(variable) is { Length: > 0 } dir ? dir : Path.Combine(home, fallback);
        return new CliEnvironment
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Console = AnsiConsole.Console,
            Variable = Environment.GetEnvironmentVariable,
            ConfigDirectory = Path.Combine(Xdg("XDG_CONFIG_HOME", ".config"), "inkport"),
            StateDirectory = Path.Combine(Xdg("XDG_STATE_HOME", Path.Combine(".local", "state")), "inkport"),
        };
    }
}
