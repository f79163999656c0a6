from quoth.cli import main

raise SystemExit(main())
