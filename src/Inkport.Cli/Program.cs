namespace Inkport.Cli;

internal static class Entry
{
    public static Task<int> Main(string[] args) => InkportCli.RunAsync(args, CliEnvironment.FromProcess());
}
