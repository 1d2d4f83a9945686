namespace XpFlywheel.Web.Operations;

/// <summary>
/// A setting the app cannot start with (an unknown database provider, a connection string in the wrong form, a
/// proxy entry that is no address, a first admin without a password). Start-up stops with its message alone, no
/// stack trace, and exit code 2 (<c>Program.cs</c>), so whoever started the app reads what to change.
/// </summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
