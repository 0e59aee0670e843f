from tenants.management.commands.migrate import Command

__all__ = ["Command"]
