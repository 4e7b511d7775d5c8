using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.Warehouse;

/// <summary>
/// The warehouse tables. Column names are explicit snake_case so hand-written SQL reads the same on SQLite and
/// PostgreSQL. There are no foreign keys on purpose: the warehouse is loaded in bulk and only read by reports,
/// so constraint checks would only slow the load; ids are assigned by the loader.
/// </summary>
public static class WarehouseModel
{
    public const string GamesTable = "wh_games";
    public const string CustomersTable = "wh_customers";
    public const string CompaniesTable = "wh_partner_companies";
    public const string RentalsTable = "wh_rentals";
    public const string ReviewsTable = "wh_reviews";
    public const string SessionsTable = "wh_play_sessions";
    public const string PurchasesTable = "wh_in_game_purchases";
    public const string SnackOrdersTable = "wh_snack_orders";
    public const string CounterRentalsTable = "wh_counter_rentals";
    public const string AppActiveUsersTable = "wh_app_active_users";
    public const string AppPurchasesTable = "wh_app_purchases";

    /// <summary>
    /// The tables the generator loads; <see cref="CounterRentalsTable"/> is filled by the rental counter instead, and the
    /// app tables (<see cref="AppActiveUsersTable"/>, <see cref="AppPurchasesTable"/>) by telemetry's messages.
    /// </summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        GamesTable, CustomersTable, CompaniesTable, RentalsTable, ReviewsTable, SessionsTable, PurchasesTable, SnackOrdersTable,
    ];

    public static void Configure(ModelBuilder modelBuilder)
    {
        Counter.CounterRental.Configure(modelBuilder);
        Apps.AppActiveUsersDay.Configure(modelBuilder);
        Apps.AppPurchase.Configure(modelBuilder);
        modelBuilder.Entity<Game>(game =>
        {
            game.ToTable(GamesTable);
            game.HasKey(g => g.Id);
            game.Property(g => g.Id).HasColumnName("id").ValueGeneratedNever();
            game.Property(g => g.Title).HasColumnName("title").HasMaxLength(200);
            game.Property(g => g.Genre).HasColumnName("genre").HasMaxLength(50);
            game.Property(g => g.Platform).HasColumnName("platform").HasMaxLength(50);
            game.Property(g => g.Publisher).HasColumnName("publisher").HasMaxLength(100);
            game.Property(g => g.ReleaseYear).HasColumnName("release_year");
            game.HasIndex(g => g.Genre).HasDatabaseName("ix_wh_games_genre");
        });

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.ToTable(CustomersTable);
            customer.HasKey(c => c.Id);
            customer.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            customer.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
            customer.Property(c => c.Email).HasColumnName("email").HasMaxLength(200);
            customer.Property(c => c.Country).HasColumnName("country").HasMaxLength(2);
            customer.Property(c => c.BirthYear).HasColumnName("birth_year");
            customer.Property(c => c.SignedUpOn).HasColumnName("signed_up_on");
        });

        modelBuilder.Entity<PartnerCompany>(company =>
        {
            company.ToTable(CompaniesTable);
            company.HasKey(c => c.Id);
            company.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            company.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
            company.Property(c => c.Country).HasColumnName("country").HasMaxLength(2);
        });

        modelBuilder.Entity<Rental>(rental =>
        {
            rental.ToTable(RentalsTable);
            rental.HasKey(r => r.Id);
            rental.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            rental.Property(r => r.RentedAt).HasColumnName("rented_at");
            rental.Property(r => r.Day).HasColumnName("day");
            rental.Property(r => r.GameId).HasColumnName("game_id");
            rental.Property(r => r.CustomerId).HasColumnName("customer_id");
            rental.Property(r => r.CompanyId).HasColumnName("company_id");
            rental.Property(r => r.PriceCents).HasColumnName("price_cents");
            rental.Property(r => r.CostCents).HasColumnName("cost_cents");
            // Every rental report filters a period first; game and customer serve the per-game/per-customer joins.
            rental.HasIndex(r => r.Day).HasDatabaseName("ix_wh_rentals_day");
            rental.HasIndex(r => r.GameId).HasDatabaseName("ix_wh_rentals_game_id");
            rental.HasIndex(r => r.CustomerId).HasDatabaseName("ix_wh_rentals_customer_id");
        });

        modelBuilder.Entity<Review>(review =>
        {
            review.ToTable(ReviewsTable);
            review.HasKey(r => r.Id);
            review.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
            review.Property(r => r.GameId).HasColumnName("game_id");
            review.Property(r => r.CustomerId).HasColumnName("customer_id");
            review.Property(r => r.Rating).HasColumnName("rating");
            review.Property(r => r.IsPositive).HasColumnName("is_positive");
            review.Property(r => r.ReviewedAt).HasColumnName("reviewed_at");
            review.HasIndex(r => r.ReviewedAt).HasDatabaseName("ix_wh_reviews_reviewed_at");
        });

        modelBuilder.Entity<PlaySession>(session =>
        {
            session.ToTable(SessionsTable);
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
            session.Property(s => s.CustomerId).HasColumnName("customer_id");
            session.Property(s => s.GameId).HasColumnName("game_id");
            session.Property(s => s.StartedAt).HasColumnName("started_at");
            session.Property(s => s.DurationMinutes).HasColumnName("duration_minutes");
            session.Property(s => s.AfkMinutes).HasColumnName("afk_minutes");
            session.Property(s => s.Score).HasColumnName("score");
            session.HasIndex(s => s.StartedAt).HasDatabaseName("ix_wh_play_sessions_started_at");
            session.HasIndex(s => s.GameId).HasDatabaseName("ix_wh_play_sessions_game_id");
        });

        modelBuilder.Entity<InGamePurchase>(purchase =>
        {
            purchase.ToTable(PurchasesTable);
            purchase.HasKey(p => p.Id);
            purchase.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
            purchase.Property(p => p.CustomerId).HasColumnName("customer_id");
            purchase.Property(p => p.GameId).HasColumnName("game_id");
            purchase.Property(p => p.PurchasedAt).HasColumnName("purchased_at");
            purchase.Property(p => p.AmountCents).HasColumnName("amount_cents");
            purchase.HasIndex(p => new { p.CustomerId, p.PurchasedAt }).HasDatabaseName("ix_wh_in_game_purchases_customer");
        });

        modelBuilder.Entity<SnackOrder>(order =>
        {
            order.ToTable(SnackOrdersTable);
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
            order.Property(o => o.CustomerId).HasColumnName("customer_id");
            order.Property(o => o.SessionId).HasColumnName("session_id");
            order.Property(o => o.Brand).HasColumnName("brand").HasMaxLength(100);
            order.Property(o => o.Category).HasColumnName("category").HasMaxLength(10);
            order.Property(o => o.AmountCents).HasColumnName("amount_cents");
            order.Property(o => o.OrderedAt).HasColumnName("ordered_at");
            order.Property(o => o.Day).HasColumnName("day");
            order.HasIndex(o => o.Day).HasDatabaseName("ix_wh_snack_orders_day");
            order.HasIndex(o => o.CustomerId).HasDatabaseName("ix_wh_snack_orders_customer_id");
        });
    }
}
