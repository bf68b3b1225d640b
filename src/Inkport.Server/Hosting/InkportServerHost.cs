using Inkport.Server.Apis.Auth;
using Inkport.Server.Apis.Bitable;
using Inkport.Server.Apis.Docx;
using Inkport.Server.Apis.Drive;
using Inkport.Server.Apis.Sheets;
using Inkport.Server.WebConsole;
using Inkport.Server.Wire;

namespace Inkport.Server.Hosting;

/// <summary>The Inkport server as a reusable entry: `Program` and `inkport serve` both start it here.</summary>
public static class InkportServerHost
{
    /// <summary>Builds the whole application from the server's command line (see <see cref="CommandLine"/>).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));
        var options = builder.AddInkportOptions();
        builder.AddInkportStorage(options);
        builder.AddInkportDomain(options);
        builder.AddBackgroundWork(options);
        builder.AddConsole(options);

        var app = builder.Build();
        app.UseLogIds();
        app.UseFeishuErrors();
        app.UseConsoleSession();

        app.MapGet("/healthz", () => Results.Text("ok"));
        if (options.Role.ServesApi())
        {
            app.MapAuthApi();
            var api = app.MapGroup("/open-apis").AddEndpointFilter<RequireToken>();
            api.MapUserApi();
            api.MapFilesApi();
            api.MapPermissionsApi();
            api.MapUploadApi();
            api.MapImportApi();
            api.MapDocxApi();
            api.MapSheetsApi();
            api.MapBitableApi();
            app.MapConsole();
        }
        else
        {
            app.MapFallback(() => Results.Text("this Inkport process works the import queue only (--role worker): send API calls to another", statusCode: 503));
        }

        app.PrintBannerOnStart(options);
        return app;
    }

    /// <summary>Runs the server until the token is cancelled or the process is asked to stop.</summary>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using var app = Build(args);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
