using Inkport.Server.Hosting;

// The table of contents lives in Hosting/InkportServerHost.cs, shared with `inkport serve`.
await InkportServerHost.RunAsync(args);

/// <summary>Visible to the tests, which start the real host.</summary>
public partial class Program;
