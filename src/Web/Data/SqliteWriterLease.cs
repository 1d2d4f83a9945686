using System.Text;

namespace XpFlywheel.Web.Data;

/// <summary>
/// The writer lease of a SQLite database: an exclusive lock on <c>&lt;database&gt;.writer.lock</c> beside the file,
/// held by keeping the lock file open. .NET turns <see cref="FileShare.None"/> into an OS lock (<c>flock</c> on
/// Linux and macOS, a share mode on Windows) that belongs to the open handle, so a second open fails in any other
/// process (or in this one), and the lock ends with the handle, however the process ends.
/// </summary>
public sealed class SqliteWriterLease(string databasePath, ILogger<SqliteWriterLease> logger) : IWriterLease
{
    private readonly Lock _gate = new();
    private FileStream? _lockFile;

    /// <inheritdoc />
    public string Database { get; } = RealPath(databasePath);

    // The file SQLite opens, through any symbolic links on the way (the file's or a folder's): two names for one
    // database share one lock file. (A hard link is a second name the file system cannot tell apart: not covered.)
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var real = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            real = entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : next;
        }
        return real;
    }

    /// <summary>The lock file beside the database. It stays when the lease ends: only the open handle is the lock.</summary>
    public string LockPath => Database + ".writer.lock";

    /// <inheritdoc />
    public bool IsHeld
    {
        get { lock (_gate) return _lockFile is not null; }
    }

    /// <inheritdoc />
    public ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_lockFile is not null)
                return ValueTask.CompletedTask;

            Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
            FileStream lockFile;
            try
            {
                lockFile = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new WriterLeaseUnavailableException(
                    $"Another process holds the writer for the database {Database} (lock file {LockPath}). " +
                    "Only one process may write to a database: stop the other one first, or give this one another database.",
                    error);
            }

            // Who holds it, for an operator who reads the file (cat does not take the lock); the content is not the lock.
            var holder = Encoding.UTF8.GetBytes($"process {Environment.ProcessId} on {Environment.MachineName}\n");
            lockFile.SetLength(0);
            lockFile.Write(holder);
            lockFile.Flush();
            _lockFile = lockFile;
        }
        logger.LogInformation("This process holds the writer for the database {Database} ({LockFile})", Database, LockPath);
        return ValueTask.CompletedTask;
    }

    /// <summary>Gives the lease back by closing the lock file; the file itself stays, so nobody races on deleting it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _lockFile?.Dispose();
            _lockFile = null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
