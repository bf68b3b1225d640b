using System.CommandLine;
using Inkport.Client;
using Spectre.Console;

namespace Inkport.Cli.Commands;

/// <summary>`inkport status TICKET`: one import task's state; the exit code says done (0), failed (1) or pending (5).</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var ticket = new Argument<string>("ticket") { Description = "The import task's ticket" };
        var command = new Command("status", "Show an import task's state") { ticket };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = Output.Client(global, parse, env);
            var task = await client.Drive.ImportTasks.GetAsync(parse.GetValue(ticket)!, cancellationToken);
            var pending = JobStatuses.IsPending(task.JobStatus, task.Token);
            var state = pending ? "pending" : task.JobStatus == JobStatuses.Success ? "done" : "failed";
            var extra = task.Extra ?? [];
            if (parse.GetValue(global.Json))
            {
                await Output.JsonAsync(env, new
                {
                    ticket = task.Ticket, state, type = task.Type, job_status = task.JobStatus, meaning = JobStatuses.Describe(task.JobStatus),
                    job_error_msg = task.JobErrorMsg, token = task.Token, url = task.Url,
                    extra = extra.Select(code => new { code, meaning = ImportExtraCodes.Describe(code) }),
                });
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("ticket", Markup.Escape(task.Ticket ?? ""));
                grid.AddRow("state", state);
                grid.AddRow("type", Markup.Escape(task.Type ?? ""));
                grid.AddRow("job_status", Markup.Escape($"{task.JobStatus} ({JobStatuses.Describe(task.JobStatus)})"));
                if (!string.IsNullOrEmpty(task.JobErrorMsg)) grid.AddRow("message", Markup.Escape(task.JobErrorMsg));
                if (!string.IsNullOrEmpty(task.Token)) grid.AddRow("token", Markup.Escape(task.Token));
                if (!string.IsNullOrEmpty(task.Url)) grid.AddRow("url", Markup.Escape(task.Url));
                foreach (var code in extra) grid.AddRow("extra", Markup.Escape($"{code}: {ImportExtraCodes.Describe(code)}"));
                env.Console.Write(grid);
            }
            return pending ? ExitCodes.Pending : task.JobStatus == JobStatuses.Success ? ExitCodes.Ok : ExitCodes.ImportFailed;
        });
        return command;
    }
}
