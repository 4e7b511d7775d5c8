using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ReportHub;

public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

public sealed record Job(string Id, string Kind, string ParametersJson, string? Reference, string? IdempotencyKey, string RequestHash,
    JobStatus Status, string? Error, string? Sha256, long? Size, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record PendingWebhook(string Id, string JobId, string Payload, int Attempts, DateTimeOffset GiveUpAt);

/// <summary>
/// ReportHub's own SQLite database (jobs and webhook deliveries), one short connection per operation; WAL lets the
/// API read while the workers write. Workers claim jobs with a single UPDATE ... RETURNING, so two never take one.
/// </summary>
public sealed class JobStore
{
    private const string Columns = "id, kind, parameters, reference, idempotency_key, request_hash, status, error, sha256, size, created_at, updated_at";
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public JobStore(IOptions<ReportHubOptions> options, TimeProvider time)
    {
        _time = time;
        Directory.CreateDirectory(options.Value.DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.Value.DataDirectory, "reporthub.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, parameters TEXT NOT NULL, reference TEXT NULL,
                idempotency_key TEXT NULL UNIQUE, request_hash TEXT NOT NULL, status TEXT NOT NULL, error TEXT NULL,
                sha256 TEXT NULL, size INTEGER NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status, created_at);
            CREATE TABLE IF NOT EXISTS webhooks (
                id TEXT PRIMARY KEY, job_id TEXT NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL, give_up_at INTEGER NOT NULL, delivered_at INTEGER NULL);
            CREATE INDEX IF NOT EXISTS webhooks_due ON webhooks (delivered_at, next_attempt_at);
            """);
    }

    /// <summary>Adds the job, or returns the one already stored under the same idempotency key (Inserted = false).</summary>
    public async Task<(Job Job, bool Inserted)> AddAsync(Job job, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var insert = Command(connection, $"""
            INSERT INTO jobs ({Columns}) VALUES ($id, $kind, $parameters, $reference, $key, $hash, $status, NULL, NULL, NULL, $now, $now)
            ON CONFLICT (idempotency_key) DO NOTHING
            """,
            ("$id", job.Id), ("$kind", job.Kind), ("$parameters", job.ParametersJson), ("$reference", job.Reference),
            ("$key", job.IdempotencyKey), ("$hash", job.RequestHash), ("$status", job.Status.ToString()), ("$now", job.CreatedAt.ToUnixTimeMilliseconds()));
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return (job, true);
        }

        await using var existing = Command(connection, $"SELECT {Columns} FROM jobs WHERE idempotency_key = $key", ("$key", job.IdempotencyKey));
        return (await ReadOneAsync(existing, cancellationToken) ?? throw new InvalidOperationException("Idempotent insert found no job."), false);
    }

    public async Task<Job?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT {Columns} FROM jobs WHERE id = $id", ("$id", id));
        return await ReadOneAsync(select, cancellationToken);
    }

    /// <summary>Every job created for one client reference, oldest first (for the admin API and drills).</summary>
    public async Task<IReadOnlyList<Job>> FindByReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, $"SELECT {Columns} FROM jobs WHERE reference = $reference ORDER BY created_at", ("$reference", reference));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<Job>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(Map(reader));
        }

        return jobs;
    }

    public async Task<Job?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var claim = Command(connection, $"""
            UPDATE jobs SET status = 'Running', updated_at = $now
            WHERE id = (SELECT id FROM jobs WHERE status = 'Queued' ORDER BY created_at LIMIT 1)
            RETURNING {Columns}
            """, ("$now", Now()));
        return await ReadOneAsync(claim, cancellationToken);
    }

    /// <summary>Records the outcome and its webhook (null = withheld) at once; false when the job is gone (store lost).</summary>
    public async Task<bool> FinishAsync(string id, JobStatus status, string? error, string? sha256, long? size, PendingWebhook? webhook, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await using var update = Command(connection, """
            UPDATE jobs SET status = $status, error = $error, sha256 = $sha, size = $size, updated_at = $now WHERE id = $id AND status = 'Running'
            """, ("$status", status.ToString()), ("$error", error), ("$sha", sha256), ("$size", size), ("$now", Now()), ("$id", id));
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (webhook is not null)
        {
            await using var insert = Command(connection, """
                INSERT INTO webhooks (id, job_id, payload, attempts, next_attempt_at, give_up_at, delivered_at) VALUES ($id, $job, $payload, 0, $now, $giveUp, NULL)
                """, ("$id", webhook.Id), ("$job", id), ("$payload", webhook.Payload), ("$now", Now()), ("$giveUp", webhook.GiveUpAt.ToUnixTimeMilliseconds()));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<PendingWebhook>> DueWebhooksAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = Command(connection, """
            SELECT id, job_id, payload, attempts, give_up_at FROM webhooks
            WHERE delivered_at IS NULL AND next_attempt_at <= $now AND give_up_at > $now ORDER BY next_attempt_at LIMIT $limit
            """, ("$now", Now()), ("$limit", limit));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var due = new List<PendingWebhook>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new PendingWebhook(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return due;
    }

    public async Task MarkWebhookAsync(string id, bool delivered, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var update = Command(connection, delivered
                ? "UPDATE webhooks SET attempts = attempts + 1, delivered_at = $now WHERE id = $id"
                : "UPDATE webhooks SET attempts = attempts + 1, next_attempt_at = $next WHERE id = $id",
            ("$id", id), ("$now", Now()), ("$next", nextAttemptAt.ToUnixTimeMilliseconds()));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task LoseEverythingAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var delete = Command(connection, "DELETE FROM webhooks; DELETE FROM jobs;");
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<Job?> ReadOneAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Map(reader) : null;
    }

    private static Job Map(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new Job(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(3), Text(4), reader.GetString(5),
            Enum.Parse<JobStatus>(reader.GetString(6)), Text(7), Text(8), reader.IsDBNull(9) ? null : reader.GetInt64(9),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)));
    }
}
