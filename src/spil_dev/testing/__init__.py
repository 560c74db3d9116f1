"""Test support around the sandboxes, shared by Spil's tests (which use a sandbox as the
stand-in for DUO or the BRP) and the sandboxes' own tests. Test code only."""
