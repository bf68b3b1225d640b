namespace Inkport.Cli;

/// <summary>The exit codes of `inkport` (README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;
    /// <summary>The command ran, but at least one import failed (`import`), or the ticket's import failed (`status`).</summary>
    public const int ImportFailed = 1;
    /// <summary>The command line or the config file is wrong: unknown option, missing path, bad value.</summary>
    public const int Usage = 2;
    /// <summary>The API answered with an error, or could not be reached.</summary>
    public const int ApiError = 3;
    /// <summary>No credentials, or the server rejected them.</summary>
    public const int AuthFailed = 4;
    /// <summary>`status`: the import is still running.</summary>
    public const int Pending = 5;
    /// <summary>Interrupted (Ctrl+C); `import` can be run again to resume.</summary>
    public const int Interrupted = 130;
}
