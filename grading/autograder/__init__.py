"""Orrery's autograder for Gradescope, and for grading a class without it.

One concept per module:

* ``lab_files``    which files of the tree are a lab's own (the files its holes live in);
* ``submission``   finding those files in what a student uploaded, and unpacking archives;
* ``workspace``    the tree a submission is graded in: the course's copy, the student's
                   files on top, built by an unprivileged user;
* ``results``      results.json in Gradescope's format, rewritten after every test;
* ``run``          what ``run_autograder`` runs: ``python3 -m grading.autograder.run``;
* ``package``      ``make gradescope LAB=n``: the zip uploaded to Gradescope;
* ``grade_all``    ``make grade-all LAB=n SUBMISSIONS=dir/``: a class, in parallel, to CSV;
* ``scenarios``    the test submissions (correct, empty, broken, hanging, gaming);
* ``checks``       what each test submission's results.json must show;
* ``isolated_root`` ``make gradescope-test LAB=n``: the zip run for real in a Debian root.

docs/grading.md is the instructor's guide to all of it.
"""
