namespace XpFlywheel.Web.Operations;

/// <summary>
/// How a failed start ends. As its own process the app exits with a code and one line (<c>Program.cs</c>: 2 a
/// setting, 3 another writer, 4 no database, 1 a database error); a host that runs the app inside its own process (the
/// integration tests' WebApplicationFactory) sets <see cref="ThrowKey"/> and gets the exception instead.
/// </summary>
public static class StartupFailures
{
    /// <summary>The setting (<c>true</c>) that makes a failed start throw to the host running the app in-process.</summary>
    public const string ThrowKey = "Startup:ThrowOnFailure";

    /// <summary>Whether <paramref name="configuration"/> asks for failed starts to be thrown.</summary>
    public static bool Throw(IConfiguration configuration) => configuration.GetValue(ThrowKey, false);
}
