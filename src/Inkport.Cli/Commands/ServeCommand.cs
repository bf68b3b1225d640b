using System.CommandLine;
using Inkport.Server.Hosting;

namespace Inkport.Cli.Commands;

/// <summary>`inkport serve [server options]`: the Inkport server in this process (same options as Inkport.Server).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the Inkport server (options as for Inkport.Server: --urls, --data-dir, --in-memory, --no-rate-limits)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await InkportServerHost.RunAsync([.. parse.UnmatchedTokens], cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
